package lint

import (
	"strconv"
	"strings"

	"github.com/sfnsim/sfnsim/internal/suggest"
)

func quote(s string) string { return strconv.Quote(s) }

// quoteList renders names as "a", "b" or "c".
func quoteList(names []string, conj string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quote(n)
	}
	switch len(q) {
	case 0:
		return ""
	case 1:
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " " + conj + " " + q[len(q)-1]
}

// didYouMean formats a suggestion suffix, or "".
func didYouMean(s string, candidates []string) string {
	if c := suggest.Closest(s, candidates); c != "" && c != s {
		return "; did you mean " + quote(c) + "?"
	}
	return ""
}
