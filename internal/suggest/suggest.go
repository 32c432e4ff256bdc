// Package suggest finds the name someone probably meant ("did you mean
// …?"), by edit distance over the names that are valid at that point.
package suggest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Closest returns the candidate closest to name by edit distance, ignoring
// case, or "" when none is close enough to be a likely typo. The allowance
// grows with the length of the name: one edit for short names, up to three
// for long ones ("ResultSelecter", "Error Equals"). Failing that, the one
// candidate that name abbreviates ("FLAT" for "FLATTEN") is returned. Ties
// go to the alphabetically first candidate, so the answer is deterministic.
//
// It is called once per unknown name, over every name of a scope, so a
// broken machine of 10,000 states must not make it quadratic in practice:
// candidates are ruled out by length first, and the distance stops as soon
// as it exceeds the allowance.
func Closest(name string, candidates []string) string {
	limit := min(1+len(name)/5, 3)
	lower := []rune(strings.ToLower(name))
	prev := make([]int, len(lower)+1)
	cur := make([]int, len(lower)+1)
	best, bestDist := "", limit+1
	for _, c := range candidates {
		if c == name {
			continue
		}
		// The distance is at least the difference in length.
		if diff := utf8.RuneCountInString(c) - len(lower); diff > limit || -diff > limit {
			continue
		}
		d := boundedDistance(lower, c, limit, prev, cur)
		if d < bestDist || (d == bestDist && best != "" && c < best) {
			best, bestDist = c, d
		}
	}
	if bestDist <= limit {
		return best
	}
	return abbreviated(string(lower), candidates)
}

// abbreviated returns the only candidate that starts with name (at least
// three characters, ignoring case), or "".
func abbreviated(lower string, candidates []string) string {
	if len(lower) < 3 {
		return ""
	}
	found := ""
	for _, c := range candidates {
		if strings.HasPrefix(strings.ToLower(c), lower) && len(c) > len(lower) {
			if found != "" && found != c {
				return ""
			}
			found = c
		}
	}
	return found
}

// Distance is the Levenshtein distance between a and b, counted in runes.
func Distance(a, b string) int {
	ra := []rune(a)
	prev := make([]int, len(ra)+1)
	cur := make([]int, len(ra)+1)
	return distance(ra, b, -1, prev, cur, false)
}

// boundedDistance is the case-insensitive distance between lower (already
// lower-cased) and b, or limit+1 once it is certain to exceed limit.
func boundedDistance(lower []rune, b string, limit int, prev, cur []int) int {
	return distance(lower, b, limit, prev, cur, true)
}

// distance computes the Levenshtein distance row by row over the runes of
// b, in the caller's buffers (len(a)+1 each). With limit ≥ 0 it gives up
// with limit+1 when a whole row exceeds limit: no later row can be lower.
func distance(a []rune, b string, limit int, prev, cur []int, fold bool) int {
	for j := range prev {
		prev[j] = j
	}
	i := 0
	for _, rb := range b {
		i++
		if fold {
			rb = unicode.ToLower(rb)
		}
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(a); j++ {
			cost := 1
			if a[j-1] == rb {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if limit >= 0 && rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(a)]
}
