package profile

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/internal/suggest"
)

// object returns the members of the mapping n by key, reporting keys not
// in allowed. A null (a YAML key with nothing after it) is an empty
// mapping, so that a section can be left as a placeholder. ok is false
// when n is not a mapping at all.
func (ps *problems) object(n *asl.Node, what, example string, allowed ...string) (map[string]*asl.Node, bool) {
	if n.Kind == asl.Null {
		return map[string]*asl.Node{}, true
	}
	if n.Kind != asl.Object {
		ps.at(n, "%s must be a mapping, got %s; write for example %s", what, describeKind(n), example)
		return nil, false
	}
	m := make(map[string]*asl.Node, len(n.Members))
	for _, mem := range n.Members {
		if allowed != nil && !contains(allowed, mem.Key) {
			ps.unknownKey(mem, what, allowed)
			continue
		}
		m[mem.Key] = mem.Value
	}
	return m, true
}

func (ps *problems) unknownKey(mem asl.Member, what string, allowed []string) {
	msg := fmt.Sprintf("unknown key %q in %s", mem.Key, what)
	if s := suggest.Closest(mem.Key, allowed); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	} else {
		msg += "; the keys are " + strings.Join(allowed, ", ")
	}
	ps.atPos(mem.KeyRange.Start, "%s", msg)
}

// members returns the members of a mapping whose keys are names the user
// chooses (pools, tasks), in source order.
func (ps *problems) members(n *asl.Node, what, example string) []asl.Member {
	if _, ok := ps.object(n, what, example); !ok || n.Kind == asl.Null {
		return nil
	}
	return n.Members
}

// duration reads a Go duration string ("200ms", "1.5s") or a number of
// seconds. Negative durations are errors: nothing takes less than no time.
func (ps *problems) duration(n *asl.Node, what string) (time.Duration, bool) {
	switch n.Kind {
	case asl.Number:
		f, _ := n.Float()
		if math.IsNaN(f) || f < 0 {
			ps.at(n, "%s must not be negative, got %s", what, n.Str)
			return 0, false
		}
		if f*1e9 >= math.MaxInt64 {
			ps.at(n, "%s is too long (%s seconds); durations go up to about 290 years", what, n.Str)
			return 0, false
		}
		return time.Duration(f * 1e9), true
	case asl.String:
		d, err := time.ParseDuration(strings.TrimSpace(n.Str))
		if err != nil {
			if _, numErr := strconv.ParseFloat(strings.TrimSpace(n.Str), 64); numErr == nil {
				ps.at(n, "%s %q has no unit; write %q, or the number unquoted for seconds", what, n.Str, strings.TrimSpace(n.Str)+"s")
			} else {
				ps.at(n, "%s %q is not a duration; write a number of seconds or a duration such as \"200ms\", \"1.5s\" or \"2m\"", what, n.Str)
			}
			return 0, false
		}
		if d < 0 {
			ps.at(n, "%s must not be negative, got %s", what, n.Str)
			return 0, false
		}
		return d, true
	}
	ps.at(n, "%s must be a duration such as \"200ms\" or a number of seconds, got %s", what, describeKind(n))
	return 0, false
}

// number reads a number that is at least lo.
func (ps *problems) number(n *asl.Node, what string, lo float64) (float64, bool) {
	if n.Kind != asl.Number {
		ps.at(n, "%s must be a number, got %s", what, describeKind(n))
		return 0, false
	}
	f, _ := n.Float()
	if math.IsNaN(f) || math.IsInf(f, 0) || f < lo {
		ps.at(n, "%s must be a number of at least %s, got %s", what, strconv.FormatFloat(lo, 'g', -1, 64), n.Str)
		return 0, false
	}
	return f, true
}

// integer reads a whole number in [lo, hi].
func (ps *problems) integer(n *asl.Node, what string, lo, hi int64) (int, bool) {
	i, ok := n.Int()
	if n.Kind != asl.Number || !ok {
		ps.at(n, "%s must be a whole number, got %s", what, describeKind(n))
		return 0, false
	}
	if i < lo || i > hi {
		if hi == math.MaxInt32 {
			ps.at(n, "%s must be at least %d, got %d", what, lo, i)
		} else {
			ps.at(n, "%s must be between %d and %d, got %d", what, lo, hi, i)
		}
		return 0, false
	}
	return int(i), true
}

func (ps *problems) str(n *asl.Node, what string) (string, bool) {
	if s, ok := n.StringValue(); ok {
		return s, true
	}
	ps.at(n, "%s must be a string, got %s", what, describeKind(n))
	return "", false
}

// describeKind names what was written, quoting short scalars so that the
// message shows the user their own text.
func describeKind(n *asl.Node) string {
	switch n.Kind {
	case asl.Number:
		return "the number " + n.Str
	case asl.String:
		return strconv.Quote(n.Str)
	case asl.Bool:
		return strconv.FormatBool(n.Bool)
	case asl.Null:
		return "nothing (null)"
	case asl.Object:
		return "a mapping"
	case asl.Array:
		return "a list"
	}
	return n.Kind.String()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
