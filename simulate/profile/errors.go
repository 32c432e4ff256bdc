package profile

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/sfnsim/sfnsim/asl"
)

// Error is a problem at one place in a profile file.
type Error struct {
	Path string
	Pos  asl.Pos
	Msg  string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Pos.Line, e.Pos.Col, e.Msg)
}

// problems collects every error of a file, so that one run of the command
// shows them all instead of one per edit.
type problems struct {
	path string
	errs []*Error
}

func (ps *problems) at(n *asl.Node, format string, args ...any) {
	ps.atPos(n.Range.Start, format, args...)
}

func (ps *problems) atPos(pos asl.Pos, format string, args ...any) {
	ps.errs = append(ps.errs, &Error{Path: ps.path, Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// err joins the problems in the order they appear in the file, which is
// not the order they were found in (fields are read by name).
func (ps *problems) err() error {
	slices.SortStableFunc(ps.errs, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col))
	})
	errs := make([]error, len(ps.errs))
	for i, e := range ps.errs {
		errs[i] = e
	}
	return errors.Join(errs...)
}
