package openf1

import (
	"context"
	"iter"
	"net/http"
)

// list fetches every record matching f into a slice. The body is decoded
// as it arrives, inside the retry loop: a body cut short is fetched again.
// An empty result is an empty (non-nil) slice.
func list[T any, P Record[T]](ctx context.Context, c *Client, f EndpointFilter) ([]T, error) {
	q, err := f.Query()
	if err != nil {
		return nil, err
	}
	ep := P(nil).codec().endpoint
	var out []T
	r, err := c.send(ctx, ep, q, func(resp *http.Response) error {
		out = out[:0]
		_, err := decodeRows[T, P](resp.Body, apiRequest(ep, q), func(m *T) bool {
			out = append(out, *m)
			return true
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	if r.resp.StatusCode != http.StatusOK {
		if _, _, err := c.statusError(ep, r); err != nil {
			return nil, err
		}
		return []T{}, nil
	}
	if out == nil {
		out = []T{}
	}
	return out, nil
}

// stream yields the records matching f one at a time as the body arrives.
// A failure after the first record cannot be retried: it is yielded as the
// last element. Breaking out of the loop closes the response.
func stream[T any, P Record[T]](ctx context.Context, c *Client, f EndpointFilter) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		q, err := f.Query()
		if err != nil {
			yield(zero, err)
			return
		}
		ep := P(nil).codec().endpoint
		r, err := c.send(ctx, ep, q, nil)
		if err != nil {
			yield(zero, err)
			return
		}
		if r.resp.StatusCode != http.StatusOK {
			if _, _, err := c.statusError(ep, r); err != nil {
				yield(zero, err)
			}
			return
		}
		defer r.resp.Body.Close()
		stopped := false
		_, err = decodeRows[T, P](r.resp.Body, r.request, func(m *T) bool {
			if !yield(*m, nil) {
				stopped = true
				return false
			}
			return true
		})
		if err != nil && !stopped {
			yield(zero, err)
		}
	}
}
