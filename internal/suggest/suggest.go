// Package suggest finds the name someone probably meant ("did you mean
// …?"), by edit distance over the names that are valid at that point.
package suggest

import "strings"

// Closest returns the candidate closest to name by edit distance, ignoring
// case, or "" when none is close enough to be a likely typo. The allowance
// grows with the length of the name: one edit for short names, up to three
// for long ones ("ResultSelecter", "Error Equals"). Failing that, the one
// candidate that name abbreviates ("FLAT" for "FLATTEN") is returned. Ties
// go to the alphabetically first candidate, so the answer is deterministic.
func Closest(name string, candidates []string) string {
	limit := min(1+len(name)/5, 3)
	lower := strings.ToLower(name)
	best, bestDist := "", limit+1
	for _, c := range candidates {
		if c == name {
			continue
		}
		d := Distance(lower, strings.ToLower(c))
		if d < bestDist || (d == bestDist && best != "" && c < best) {
			best, bestDist = c, d
		}
	}
	if bestDist <= limit {
		return best
	}
	return abbreviated(lower, candidates)
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
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
