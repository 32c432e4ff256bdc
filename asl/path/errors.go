package path

import (
	"errors"
	"fmt"
)

// SyntaxError reports a problem at a byte range of the parsed text.
//
// Offset is the byte offset of the first offending byte and End the offset just past it (End ≥ Offset; End ==
// Offset marks a position, such as a missing token at the end of the input). Msg is lower-case and says what was
// expected.
type SyntaxError struct {
	Offset int
	End    int
	Msg    string
	// Err classifies the problem for errors.Is; nil for a plain syntax error. See [ErrFilterInReference].
	Err error
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("offset %d: %s", e.Offset, e.Msg)
}

// Unwrap returns the classification of the error, if any.
func (e *SyntaxError) Unwrap() error { return e.Err }

// Shift returns a copy of e whose offsets are moved by delta; callers that parse a path embedded in a larger
// string (an intrinsic function argument, say) use it to report offsets into the outer string.
func (e *SyntaxError) Shift(delta int) *SyntaxError {
	c := *e
	c.Offset += delta
	c.End += delta
	return &c
}

// ErrFilterInReference classifies the error [ParseReference] returns for a reference path whose only problem is a
// filter such as "$.jar[?(@.a >= 5)]".
//
// The states-language spec forbids "?" in reference paths, yet the AWS "Paths" page shows exactly this filter as a
// reference path example (asl-semantics §4 calls it a contradiction). Callers should report it as a warning: the
// path is returned alongside the error and can be used.
var ErrFilterInReference = errors.New("filter in a reference path")

func errAt(off, end int, format string, args ...any) *SyntaxError {
	if end < off {
		end = off
	}
	return &SyntaxError{Offset: off, End: end, Msg: fmt.Sprintf(format, args...)}
}
