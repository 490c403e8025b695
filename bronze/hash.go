package bronze

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"slices"
)

// contentHasher accumulates row digests and yields the content hash
// described on Manifest: SHA-256 over the sorted row digests. Sorting makes
// the hash independent of response order and request splitting; keeping
// every digest (32 bytes a row) keeps duplicates significant.
type contentHasher struct {
	digests [][sha256.Size]byte
}

func (h *contentHasher) add(d [sha256.Size]byte) { h.digests = append(h.digests, d) }

func (h *contentHasher) rows() int64 { return int64(len(h.digests)) }

func (h *contentHasher) sum() string {
	slices.SortFunc(h.digests, func(a, b [sha256.Size]byte) int { return bytes.Compare(a[:], b[:]) })
	s := sha256.New()
	for i := range h.digests {
		s.Write(h.digests[i][:])
	}
	return hex.EncodeToString(s.Sum(nil))
}
