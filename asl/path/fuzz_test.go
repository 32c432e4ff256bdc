package path

import (
	"encoding/json"
	"errors"
	"testing"
)

// checkSpan fails when an error's range is not inside the input.
func checkSpan(t *testing.T, s string, e *SyntaxError) {
	t.Helper()
	if e.Offset < 0 || e.End < e.Offset || e.End > len(s) {
		t.Fatalf("%q: error range %d-%d outside the input: %s", s, e.Offset, e.End, e.Msg)
	}
	if e.Msg == "" {
		t.Fatalf("%q: empty message", s)
	}
}

func FuzzParsePath(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePath(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("%q: error %T is not a *SyntaxError", s, err)
			}
			checkSpan(t, s, se)
			return
		}
		for _, w := range p.Warnings {
			checkSpan(t, s, w)
		}
		for _, seg := range p.Segments {
			if seg.Offset < 0 || seg.End > len(s) || seg.Offset >= seg.End {
				t.Fatalf("%q: segment span %v", s, seg.Span)
			}
		}
		_ = p.IsDefinite()
		_, _ = Eval(p, fuzzDoc)
		out := p.String()
		q, err := ParsePath(out)
		if err != nil {
			t.Fatalf("%q renders as %q, which does not parse: %v", s, out, err)
		}
		if q.String() != out {
			t.Fatalf("%q renders as %q, then as %q", s, out, q.String())
		}
		if q.IsDefinite() != p.IsDefinite() || q.Root != p.Root || len(q.Segments) != len(p.Segments) {
			t.Fatalf("%q and its rendering %q differ", s, out)
		}
	})
}

func FuzzParseReference(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseReference(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("%q: error %T is not a *SyntaxError", s, err)
			}
			checkSpan(t, s, se)
			if errors.Is(err, ErrFilterInReference) != (p != nil) {
				t.Fatalf("%q: a path comes back exactly with ErrFilterInReference (path %v, error %v)", s, p, err)
			}
			return
		}
		if !p.IsReference() || !p.IsDefinite() {
			t.Fatalf("%q: accepted as a reference path but IsReference/IsDefinite = %v/%v", s, p.IsReference(), p.IsDefinite())
		}
	})
}

// fuzzDoc is a document for the fuzzer to evaluate parsed paths against, so that evaluation is shaken too.
var fuzzDoc = func() any {
	var v any
	_ = json.Unmarshal([]byte(`{"a":{"b":[1,2,{"c":"x"}],"d":null},"e":[[1],[2,3]],"f":"s","g":true,"h":{"i":{"j":[]}}}`), &v)
	return v
}()
