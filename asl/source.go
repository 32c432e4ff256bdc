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
//
// A line ends at "\n", "\r\n" or a lone "\r", as it does for YAML and
// for editors. A UTF-8 byte-order mark at the start takes no column:
// editors hide it, so the first character after it is at 1:1.
type Source struct {
	Path string
	Text []byte
	// lineStarts[i] is the byte offset at which line i+1 begins.
	lineStarts []int
	// wideFrom[i] is the offset of the first non-ASCII byte of line i+1, or
	// -1 when the line is pure ASCII: up to there a column is a byte count.
	// Minified templates put a whole definition on one long line, and
	// counting runes from the line start for every value would be
	// quadratic.
	wideFrom []int
	// marks are checkpoints on the non-ASCII part of each line, at most
	// markEvery bytes apart, so that a column costs a bounded count of code
	// points whatever the length of the line.
	marks []colMark
	// bom is the length of the byte-order mark the text starts with (0 or 3).
	bom int
}

// A colMark says that the character at byte offset offset is in column
// col+1: col code points after the start of its line.
type colMark struct {
	offset, col int
}

// markEvery is the most bytes of a non-ASCII line counted for one column.
const markEvery = 64

// NewSource indexes text for position look-ups.
func NewSource(path string, text []byte) *Source {
	s := &Source{Path: path, Text: text, lineStarts: make([]int, 1, 64), wideFrom: make([]int, 1, 64)}
	s.wideFrom[0] = -1
	if len(text) >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF {
		s.bom = 3
	}
	// col counts the code points of the current line before byte i.
	col, lastMark := 0, 0
	for i := s.bom; i < len(text); {
		line := len(s.lineStarts) - 1
		if b := text[i]; b < utf8.RuneSelf {
			i++
			if b == '\n' || (b == '\r' && (i == len(text) || text[i] != '\n')) {
				s.lineStarts = append(s.lineStarts, i)
				s.wideFrom = append(s.wideFrom, -1)
				col = 0
				continue
			}
		} else {
			if s.wideFrom[line] < 0 {
				s.wideFrom[line] = i
				s.marks = append(s.marks, colMark{offset: i, col: col})
				lastMark = i
			}
			_, size := utf8.DecodeRune(text[i:])
			i += size
		}
		col++
		if s.wideFrom[line] >= 0 && i-lastMark >= markEvery && i < len(text) {
			s.marks = append(s.marks, colMark{offset: i, col: col})
			lastMark = i
		}
	}
	return s
}

// PosAt converts a byte offset into a position. Offsets past the end are
// clamped to the end of the text.
func (s *Source) PosAt(offset int) Pos {
	offset = min(max(offset, 0), len(s.Text))
	line := sort.Search(len(s.lineStarts), func(i int) bool { return s.lineStarts[i] > offset }) - 1
	start := s.lineStarts[line]
	if line == 0 {
		start = min(s.bom, offset) // the mark itself counts as column 1
	}
	if wide := s.wideFrom[line]; wide < 0 || offset <= wide {
		return Pos{Line: line + 1, Col: offset - start + 1, Offset: offset}
	}
	// The last checkpoint at or before offset is on this line: the line's
	// first non-ASCII byte has one.
	m := s.marks[sort.Search(len(s.marks), func(i int) bool { return s.marks[i].offset > offset })-1]
	return Pos{Line: line + 1, Col: m.col + utf8.RuneCount(s.Text[m.offset:offset]) + 1, Offset: offset}
}

// PosAtLineCol converts a 1-based line and code-point column (as YAML
// parsers report them) into a full position with its byte offset. A column
// past the end of the line is clamped to the end of the line.
func (s *Source) PosAtLineCol(line, col int) Pos {
	if line < 1 {
		return s.PosAt(s.bom)
	}
	if line > len(s.lineStarts) {
		return s.PosAt(len(s.Text))
	}
	col = max(col, 1)
	start, end := s.lineStarts[line-1], len(s.Text)
	if line == 1 {
		start = s.bom
	}
	if line < len(s.lineStarts) {
		end = s.lineStarts[line]
	}
	for end > start && (s.Text[end-1] == '\n' || s.Text[end-1] == '\r') {
		end--
	}
	wide := s.wideFrom[line-1]
	if wide < 0 {
		return s.PosAt(min(start+col-1, end))
	}
	if col-1 <= wide-start {
		return s.PosAt(start + col - 1)
	}
	// Count on from the line's last checkpoint at or before the column.
	lo := sort.Search(len(s.marks), func(i int) bool { return s.marks[i].offset >= wide })
	hi := sort.Search(len(s.marks), func(i int) bool { return s.marks[i].offset >= end })
	m := s.marks[lo+sort.Search(hi-lo, func(i int) bool { return s.marks[lo+i].col >= col })-1]
	off := m.offset
	for c := m.col + 1; c < col && off < end; c++ {
		_, size := utf8.DecodeRune(s.Text[off:end])
		off += size
	}
	return s.PosAt(off)
}

// LineCount is the number of lines in the text.
func (s *Source) LineCount() int { return len(s.lineStarts) }

// checkEncoding rejects text that is not UTF-8: UTF-16 or UTF-32, which
// Windows tools write, and stray bytes of a legacy encoding. The parsers
// would otherwise report a puzzling byte, read every position wrong
// (YAML reads UTF-16) or, like encoding/json, turn the bytes into U+FFFD and
// lint a value that is not what AWS would be sent: its APIs,
// CloudFormation and Terraform read UTF-8 only.
func checkEncoding(src *Source) error {
	t := src.Text
	if len(t) >= 2 && (t[0] == 0xFF && t[1] == 0xFE || t[0] == 0xFE && t[1] == 0xFF || t[0] == 0 || t[1] == 0) {
		return &SyntaxError{Path: src.Path, Pos: Pos{Line: 1, Col: 1},
			Msg: "the file is UTF-16 or UTF-32 text; save it as UTF-8, the encoding JSON, YAML and Step Functions use"}
	}
	if utf8.Valid(t) {
		return nil
	}
	i := 0
	for {
		r, size := utf8.DecodeRune(t[i:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		i += size
	}
	return &SyntaxError{Path: src.Path, Pos: src.PosAt(i),
		Msg: fmt.Sprintf("byte 0x%02x is not UTF-8 (the file may be Latin-1 or Windows-1252); save the file as UTF-8", t[i])}
}
