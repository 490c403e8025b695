package openf1test

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/pitwall-f1/pitwall/openf1"
)

// File returns the report of the file at path (slash-separated, relative to
// the loaded folder).
func (r *LoadReport) File(path string) (FileReport, bool) {
	for _, f := range r.Files {
		if f.Path == path {
			return f, true
		}
	}
	return FileReport{}, false
}

// Session returns what was found for session key.
func (r *LoadReport) Session(key int64) (SessionReport, bool) {
	i, ok := slices.BinarySearchFunc(r.Sessions, key, func(s SessionReport, k int64) int {
		return cmpOrdered(s.SessionKey, k)
	})
	if !ok {
		return SessionReport{}, false
	}
	return r.Sessions[i], true
}

// Unplaced returns the files that were not loaded, with their reasons.
func (r *LoadReport) Unplaced() []FileReport {
	var out []FileReport
	for _, f := range r.Files {
		if f.Endpoint == "" {
			out = append(out, f)
		}
	}
	return out
}

// String renders the whole report: files, endpoint totals and sessions.
func (r *LoadReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "loaded %s: %d files, %d sessions\n\n", r.Dir, len(r.Files), len(r.Sessions))
	r.WriteFiles(&b)
	b.WriteString("\n")
	r.WriteEndpoints(&b)
	b.WriteString("\n")
	r.WriteSessions(&b)
	return b.String()
}

// WriteFiles writes one line per file: path, format, endpoint (or the
// reason it was not placed), rows read and kept, duplicates and conflicts.
func (r *LoadReport) WriteFiles(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', 0)
	fmt.Fprintln(tw, "file\tformat\tendpoint\trows\tkept\tdup\tconflict\tnote")
	for _, f := range r.Files {
		ep := string(f.Endpoint)
		note := f.How
		if ep == "" {
			ep, note = "-", f.Reason
		}
		if len(f.Notes) > 0 {
			note += " [" + strings.Join(f.Notes, "; ") + "]"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s\n", f.Path, f.Format, ep, f.Rows, f.Kept, f.Duplicates, f.Conflicts, note)
	}
	_ = tw.Flush()
}

// WriteEndpoints writes the per-endpoint totals.
func (r *LoadReport) WriteEndpoints(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "endpoint\tfiles\tread\tkept\tdup\tconflict\t")
	for _, info := range openf1.Endpoints() {
		t, ok := r.Endpoints[info.Name]
		if !ok {
			continue
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t\n", info.Name, t.Files, t.Read, t.Kept, t.Duplicates, t.Conflicts)
	}
	_ = tw.Flush()
}

// WriteSessions writes one line per session (only the given keys, when
// any): session and meeting key, then the rows found per endpoint.
func (r *LoadReport) WriteSessions(w io.Writer, keys ...int64) {
	var eps []openf1.Endpoint
	for _, info := range openf1.Endpoints() {
		for _, s := range r.Sessions {
			if s.Rows[info.Name] > 0 && (len(keys) == 0 || slices.Contains(keys, s.SessionKey)) {
				eps = append(eps, info.Name)
				break
			}
		}
	}
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "session\tmeeting\t")
	for _, ep := range eps {
		fmt.Fprint(tw, ep, "\t")
	}
	fmt.Fprintln(tw)
	for _, s := range r.Sessions {
		if len(keys) > 0 && !slices.Contains(keys, s.SessionKey) {
			continue
		}
		fmt.Fprintf(tw, "%d\t%d\t", s.SessionKey, s.MeetingKey)
		for _, ep := range eps {
			cell := "."
			if n := s.Rows[ep]; n > 0 {
				cell = strconv.Itoa(n)
			}
			fmt.Fprint(tw, cell, "\t")
		}
		fmt.Fprintln(tw)
	}
	_ = tw.Flush()
}
