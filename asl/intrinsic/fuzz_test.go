package intrinsic

import (
	"errors"
	"testing"
)

func FuzzIntrinsic(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("%q: error %T is not a *SyntaxError", s, err)
			}
			if se.Offset < 0 || se.End < se.Offset || se.End > len(s) || se.Msg == "" {
				t.Fatalf("%q: bad error %d-%d %q", s, se.Offset, se.End, se.Msg)
			}
			return
		}
		if !IsCall(s) {
			t.Fatalf("%q parses but IsCall is false", s)
		}
		if c.Offset != 0 || c.End != len(s) {
			t.Fatalf("%q: call span %d-%d", s, c.Offset, c.End)
		}
		for _, e := range Check(c) {
			if e.Offset < 0 || e.End < e.Offset || e.End > len(s) || e.Msg == "" {
				t.Fatalf("%q: bad check error %d-%d %q", s, e.Offset, e.End, e.Msg)
			}
		}
		again, err := Parse(c.String())
		if err != nil {
			t.Fatalf("%q renders as %q, which does not parse: %v", s, c.String(), err)
		}
		if again.String() != c.String() {
			t.Fatalf("%q renders as %q, then %q", s, c.String(), again.String())
		}
	})
}
