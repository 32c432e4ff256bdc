package load

import (
	"sort"

	"github.com/sfnsim/sfnsim/asl"
)

// A mappedText is a definition's text assembled from pieces of a file (a
// template string with its escapes decoded, the pieces of an Fn::Join, the
// literal parts of a Terraform heredoc, JSON generated from a jsonencode
// call) together with where each piece came from, so that a position in the
// text can be traced back into the file.
type mappedText struct {
	text  []byte
	spans []span // contiguous and sorted: span i covers text[spans[i].at:spans[i+1].at]
}

// A span is a run of the text and the source bytes it came from.
type span struct {
	at       int // where the span begins in the text
	from, to int // the source bytes [from, to) it stands for
	// literal: text byte at+i is source byte from+i. Otherwise the span as a
	// whole stands for [from, to): a decoded escape, a substituted variable,
	// a placeholder for an intrinsic function.
	literal bool
	// exact is false when the span's true place is unknown and [from, to)
	// is only the value that holds it (a YAML string folded in a way the
	// aligner could not follow).
	exact bool
}

func (m *mappedText) len() int { return len(m.text) }

// add appends text that stands for the source bytes [from, to).
func (m *mappedText) add(text string, from, to int, literal, exact bool) {
	if text == "" {
		return
	}
	if n := len(m.spans); n > 0 && literal {
		last := &m.spans[n-1]
		if last.literal && last.exact == exact && last.to == from && last.to-last.from == len(m.text)-last.at {
			last.to += len(text)
			m.text = append(m.text, text...)
			return
		}
	}
	m.spans = append(m.spans, span{at: len(m.text), from: from, to: to, literal: literal, exact: exact})
	m.text = append(m.text, text...)
}

// addLiteral appends text copied verbatim from the source at from.
func (m *mappedText) addLiteral(text string, from int) {
	m.add(text, from, from+len(text), true, true)
}

// addStandIn appends text that replaces the source bytes [from, to): an
// escape sequence, a substituted variable, a placeholder.
func (m *mappedText) addStandIn(text string, from, to int) { m.add(text, from, to, false, true) }

// addApprox appends text whose place is only known to be inside [from, to).
func (m *mappedText) addApprox(text string, from, to int) { m.add(text, from, to, false, false) }

// appendText appends another mapped text (of the same source).
func (m *mappedText) appendText(o *mappedText) {
	for i, s := range o.spans {
		end := len(o.text)
		if i+1 < len(o.spans) {
			end = o.spans[i+1].at
		}
		m.add(string(o.text[s.at:end]), s.from, s.to, s.literal, s.exact)
	}
}

// spanAt returns the index of the span that holds text byte off.
func (m *mappedText) spanAt(off int) int {
	return sort.Search(len(m.spans), func(i int) bool { return m.spans[i].at > off }) - 1
}

// startOf is the source offset of text offset off, used as the start of a
// range, and whether it is exact.
func (m *mappedText) startOf(off int) (int, bool) {
	if len(m.spans) == 0 {
		return 0, false
	}
	if off >= len(m.text) {
		last := m.spans[len(m.spans)-1]
		return last.to, last.exact
	}
	i := max(m.spanAt(off), 0)
	s := m.spans[i]
	if s.literal {
		return s.from + off - s.at, s.exact
	}
	return s.from, s.exact
}

// endOf is the source offset of text offset off, used as the (exclusive)
// end of a range: the end of what text byte off-1 came from.
func (m *mappedText) endOf(off int) (int, bool) {
	if len(m.spans) == 0 {
		return 0, false
	}
	if off <= 0 {
		return m.spans[0].from, m.spans[0].exact
	}
	i := max(m.spanAt(min(off, len(m.text))-1), 0)
	s := m.spans[i]
	if s.literal {
		return s.from + min(off, len(m.text)) - s.at, s.exact
	}
	return s.to, s.exact
}

// slice returns the part [i, j) of the text with its spans.
func (m *mappedText) slice(i, j int) *mappedText {
	out := &mappedText{}
	for k := max(m.spanAt(i), 0); k < len(m.spans) && m.spans[k].at < j; k++ {
		s := m.spans[k]
		end := len(m.text)
		if k+1 < len(m.spans) {
			end = m.spans[k+1].at
		}
		a, b := max(s.at, i), min(end, j)
		if a >= b {
			continue
		}
		if s.literal {
			out.add(string(m.text[a:b]), s.from+a-s.at, s.from+b-s.at, true, s.exact)
		} else {
			out.add(string(m.text[a:b]), s.from, s.to, false, s.exact)
		}
	}
	return out
}

// An edit replaces text[start:end] with text. An insertion (start == end)
// stands for the place it is inserted at: the start of what follows, or
// with after set (a closing quote) the end of what precedes.
type edit struct {
	start, end int
	text       string
	after      bool
}

// rewrite applies edits, sorted by start and not overlapping, and keeps the
// map: replaced text stands for the source of what it replaces.
func (m *mappedText) rewrite(edits []edit) *mappedText {
	if len(edits) == 0 {
		return m
	}
	out := &mappedText{}
	at := 0
	for _, e := range edits {
		out.appendText(m.slice(at, e.start))
		var from, to int
		var ok1, ok2 bool
		switch {
		case e.end > e.start:
			from, ok1 = m.startOf(e.start)
			to, ok2 = m.endOf(e.end)
		case e.after:
			from, ok1 = m.endOf(e.start)
			to, ok2 = from, ok1
		default:
			from, ok1 = m.startOf(e.start)
			to, ok2 = from, ok1
		}
		out.add(e.text, from, max(to, from), false, ok1 && ok2)
		at = e.end
	}
	out.appendText(m.slice(at, len(m.text)))
	return out
}

// locator returns the Definition.mapRange for a document parsed from the
// text: ranges in the text become ranges in src.
func (m *mappedText) locator(src *asl.Source) func(asl.Range) (asl.Range, bool) {
	return func(r asl.Range) (asl.Range, bool) {
		start, ok1 := m.startOf(r.Start.Offset)
		end, ok2 := start, ok1
		if r.End.Offset > r.Start.Offset {
			end, ok2 = m.endOf(r.End.Offset)
		}
		end = max(end, start)
		return asl.Range{Start: src.PosAt(start), End: src.PosAt(end)}, ok1 && ok2
	}
}
