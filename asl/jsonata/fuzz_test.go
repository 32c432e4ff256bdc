package jsonata

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func FuzzJSONataCheck(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		// A hang is a failure too: the port's parser has had an infinite loop.
		watchdog := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("Check(%q) did not return within 10s", s)) })
		err := Check(s)
		watchdog.Stop()
		if err == nil {
			return
		}
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Fatalf("%q: error %T is not a *SyntaxError", s, err)
		}
		if se.Offset < 0 || se.End < se.Offset || se.End > len(s) || se.Msg == "" {
			t.Fatalf("%q: bad error %d-%d %q", s, se.Offset, se.End, se.Msg)
		}
	})
}
