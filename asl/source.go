// Package asl is the Amazon States Language: parsing JSON and YAML state
// machines with a position on every value, and a structural view of the
// machine (scopes and states) that the linter and the interpreter walk.
package asl

import (
	"fmt"
	"sort"
	"unicode/utf8"
)

// Pos is a place in a source file. Line and Col are 1-based; Col counts
// Unicode code points, as editors and GitHub annotations do. Offset is the
// 0-based byte offset.
type Pos struct {
	Line, Col, Offset int
}

// IsValid reports whether the position was set.
func (p Pos) IsValid() bool { return p.Line > 0 }

func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// Range is a half-open span [Start, End) of source text; End is the position
// just after the last character.
type Range struct {
	Start, End Pos
}

// Source is the text of one file with the index needed to turn byte offsets
// into line:col.
type Source struct {
	Path string
	Text []byte
	// lineStarts[i] is the byte offset at which line i+1 begins.
	lineStarts []int
	// asciiLine[i] says line i+1 is pure ASCII, so a column is a byte
	// count: minified templates put a whole definition on one long line, and
	// counting runes from the line start for every value would be quadratic.
	asciiLine []bool
}

// NewSource indexes text for position look-ups.
func NewSource(path string, text []byte) *Source {
	starts := make([]int, 1, 64)
	ascii := make([]bool, 1, 64)
	ascii[0] = true
	for i, b := range text {
		switch {
		case b == '\n':
			starts = append(starts, i+1)
			ascii = append(ascii, true)
		case b >= utf8.RuneSelf:
			ascii[len(ascii)-1] = false
		}
	}
	return &Source{Path: path, Text: text, lineStarts: starts, asciiLine: ascii}
}

// PosAt converts a byte offset into a position. Offsets past the end are
// clamped to the end of the text.
func (s *Source) PosAt(offset int) Pos {
	if offset < 0 {
		offset = 0
	}
	if offset > len(s.Text) {
		offset = len(s.Text)
	}
	line := sort.Search(len(s.lineStarts), func(i int) bool { return s.lineStarts[i] > offset }) - 1
	start := s.lineStarts[line]
	if s.asciiLine[line] {
		return Pos{Line: line + 1, Col: offset - start + 1, Offset: offset}
	}
	return Pos{Line: line + 1, Col: utf8.RuneCount(s.Text[start:offset]) + 1, Offset: offset}
}

// PosAtLineCol converts a 1-based line and code-point column (as YAML
// parsers report them) into a full position with its byte offset.
func (s *Source) PosAtLineCol(line, col int) Pos {
	if line < 1 {
		return Pos{Line: 1, Col: 1}
	}
	if line > len(s.lineStarts) {
		return s.PosAt(len(s.Text))
	}
	off := s.lineStarts[line-1]
	if s.asciiLine[line-1] {
		end := len(s.Text)
		if line < len(s.lineStarts) {
			end = s.lineStarts[line] - 1
		}
		return s.PosAt(min(off+col-1, end))
	}
	for c := 1; c < col && off < len(s.Text) && s.Text[off] != '\n'; c++ {
		_, size := utf8.DecodeRune(s.Text[off:])
		off += size
	}
	return s.PosAt(off)
}

// LineCount is the number of lines in the text.
func (s *Source) LineCount() int { return len(s.lineStarts) }
