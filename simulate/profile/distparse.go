package profile

import (
	"strings"
	"time"

	"github.com/sfnsim/sfnsim/asl"
)

// distKinds are the keys of a duration mapping, each starting one kind;
// p50 and p99 together make the lognormal.
var distKinds = []string{"fixed", "p50", "p99", "uniform", "normal", "values", "perKB", "perItem"}

const distExample = "{fixed: 1s}, {p50: 200ms, p99: 2s}, {uniform: [100ms, 300ms]}, {normal: {mean: 1s, stddev: 100ms}}, {values: [100ms, 200ms]}, {perKB: {field: Size, ms: 2}} or {perItem: 200ms}"

// dist reads a duration distribution. A bare duration is short for
// {fixed: …}. It returns nil after reporting a problem.
func (ps *problems) dist(n *asl.Node, what string) Dist {
	if n.Kind == asl.String || n.Kind == asl.Number {
		d, ok := ps.duration(n, what)
		if !ok {
			return nil
		}
		return Fixed{d}
	}
	if n.Kind != asl.Object || len(n.Members) == 0 {
		ps.at(n, "%s must be one of %s; got %s", what, distExample, describeKind(n))
		return nil
	}
	m, ok := ps.object(n, what, distExample, distKinds...)
	if !ok || len(m) == 0 {
		return nil
	}
	var kinds []string
	for _, mem := range n.Members {
		k := mem.Key
		if k == "p99" {
			k = "p50"
		}
		if m[mem.Key] != nil && !contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) > 1 {
		ps.at(n, "%s has %d kinds at once (%s); keep one", what, len(kinds), strings.Replace(strings.Join(kinds, ", "), "p50", "p50/p99", 1))
		return nil
	}
	switch kinds[0] {
	case "fixed":
		if d, ok := ps.duration(m["fixed"], what+": fixed"); ok {
			return Fixed{d}
		}
	case "p50":
		return ps.lognormal(n, m, what)
	case "uniform":
		return ps.uniform(m["uniform"], what+": uniform")
	case "normal":
		return ps.normal(m["normal"], what+": normal")
	case "values":
		return ps.values(m["values"], what+": values")
	case "perKB":
		return ps.perKB(m["perKB"], what+": perKB")
	case "perItem":
		if d, ok := ps.duration(m["perItem"], what+": perItem"); ok {
			return PerItem{d}
		}
	}
	return nil
}

func (ps *problems) lognormal(n *asl.Node, m map[string]*asl.Node, what string) Dist {
	p50n, p99n := m["p50"], m["p99"]
	if p50n == nil || p99n == nil {
		ps.at(n, "%s: a lognormal needs both p50 and p99, e.g. {p50: 200ms, p99: 2s}; for a constant write {fixed: …}", what)
		return nil
	}
	p50, ok1 := ps.duration(p50n, what+": p50")
	p99, ok2 := ps.duration(p99n, what+": p99")
	if !ok1 || !ok2 {
		return nil
	}
	if p50 == 0 {
		ps.at(p50n, "%s: p50 must be more than 0; for no time at all write {fixed: 0s}", what)
		return nil
	}
	if p99 < p50 {
		ps.at(p99n, "%s: p99 (%s) is below p50 (%s); the 99th percentile must be at least the median", what, p99, p50)
		return nil
	}
	d, err := NewLognormal(p50, p99)
	if err != nil { // ruled out above; kept so a change there cannot panic
		ps.at(n, "%s: %v", what, err)
		return nil
	}
	return d
}

// durations reads a list of durations, exactly want long when want > 0.
func (ps *problems) durations(n *asl.Node, what, example string, want int) ([]time.Duration, bool) {
	if n.Kind != asl.Array || len(n.Elems) == 0 || (want > 0 && len(n.Elems) != want) {
		ps.at(n, "%s must be a list like %s", what, example)
		return nil, false
	}
	out := make([]time.Duration, 0, len(n.Elems))
	ok := true
	for _, e := range n.Elems {
		d, good := ps.duration(e, what)
		ok = ok && good
		out = append(out, d)
	}
	return out, ok
}

func (ps *problems) uniform(n *asl.Node, what string) Dist {
	ds, ok := ps.durations(n, what, "[100ms, 300ms] (from, to)", 2)
	if !ok {
		return nil
	}
	if ds[1] < ds[0] {
		ps.at(n, "%s: %s is below %s; write the shorter duration first", what, ds[1], ds[0])
		return nil
	}
	return Uniform{Min: ds[0], Max: ds[1]}
}

func (ps *problems) normal(n *asl.Node, what string) Dist {
	m, ok := ps.object(n, what, "{mean: 1s, stddev: 100ms}", "mean", "stddev")
	if !ok {
		return nil
	}
	if m["mean"] == nil || m["stddev"] == nil {
		ps.at(n, "%s needs both mean and stddev, e.g. {mean: 1s, stddev: 100ms}", what)
		return nil
	}
	mean, ok1 := ps.duration(m["mean"], what+": mean")
	sd, ok2 := ps.duration(m["stddev"], what+": stddev")
	if !ok1 || !ok2 {
		return nil
	}
	return Normal{Mean: mean, Stddev: sd}
}

func (ps *problems) values(n *asl.Node, what string) Dist {
	ds, ok := ps.durations(n, what, "[100ms, 200ms, 1s] (one picked at random per call)", 0)
	if !ok {
		return nil
	}
	return Values(ds)
}

func (ps *problems) perKB(n *asl.Node, what string) Dist {
	m, ok := ps.object(n, what, "{field: Size, ms: 2, base: 50ms}", "field", "ms", "base")
	if !ok {
		return nil
	}
	if m["field"] == nil || m["ms"] == nil {
		ps.at(n, "%s needs field (the input key holding a size in bytes) and ms (milliseconds per KiB), e.g. {field: Size, ms: 2}", what)
		return nil
	}
	var d PerKB
	var ok1, ok2, ok3 = true, true, true
	if d.Field, ok1 = ps.str(m["field"], what+": field"); ok1 && d.Field == "" {
		ps.at(m["field"], "%s: field is empty; name the input key that holds the size in bytes, e.g. Size", what)
		ok1 = false
	}
	d.MsPerKB, ok2 = ps.number(m["ms"], what+": ms (milliseconds per KiB)", 0)
	if b := m["base"]; b != nil {
		d.Base, ok3 = ps.duration(b, what+": base")
	}
	if !ok1 || !ok2 || !ok3 {
		return nil
	}
	return d
}
