package asl

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// naivePos is the specification of Source.PosAt: lines end at \n, \r\n or a
// lone \r; columns count code points (an invalid byte is one) from the line
// start, after a leading byte-order mark, which takes no column.
func naivePos(text []byte, offset int) Pos {
	offset = min(max(offset, 0), len(text))
	line, start := 1, 0
	if bytes.HasPrefix(text, []byte("\ufeff")) {
		start = min(3, offset)
	}
	for i := 0; i < offset; i++ {
		if text[i] == '\n' || (text[i] == '\r' && (i+1 == len(text) || text[i+1] != '\n')) {
			line, start = line+1, i+1
		}
	}
	return Pos{Line: line, Col: utf8.RuneCount(text[start:offset]) + 1, Offset: offset}
}

func randomText(r *rand.Rand, n int) []byte {
	pieces := []string{"a", "b", " ", "\n", "\r\n", "\r", "é", "😀", "\xff", "\xe2\x82", "{", `"`, strings.Repeat("x", 300)}
	var b bytes.Buffer
	if r.IntN(3) == 0 {
		b.WriteString("\ufeff")
	}
	for b.Len() < n {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.Bytes()
}

func TestSourcePositionsMatchTheSpecification(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 300 {
		text := randomText(r, r.IntN(3000))
		src := NewSource("t", text)
		for off := 0; off <= len(text); off += 1 + r.IntN(40) {
			if got, want := src.PosAt(off), naivePos(text, off); got != want {
				t.Fatalf("round %d: PosAt(%d) = %+v, want %+v\ntext %q", round, off, got, want, text)
			}
		}
		// PosAtLineCol is the inverse at the start of each character but
		// a line break.
		off := 0
		if bytes.HasPrefix(text, []byte("\ufeff")) {
			off = 3
		}
		for off < len(text) {
			_, size := utf8.DecodeRune(text[off:])
			if c := text[off]; c != '\r' && c != '\n' && r.IntN(20) == 0 {
				p := naivePos(text, off)
				if got := src.PosAtLineCol(p.Line, p.Col); got != p {
					t.Fatalf("round %d: PosAtLineCol(%d, %d) = %+v, want %+v\ntext %q", round, p.Line, p.Col, got, p, text)
				}
			}
			off += size
		}
	}
}

func TestSourceLineEndingsAndBOM(t *testing.T) {
	text := []byte("\ufeffab\r\ncd\ref\n")
	src := NewSource("t", text)
	for _, tt := range []struct {
		off  int
		want string
	}{
		{0, "1:1"}, {3, "1:1"}, {4, "1:2"}, {5, "1:3"}, {6, "1:4"}, // \r\n ends line 1
		{7, "2:1"}, {9, "2:3"}, // the lone \r ends line 2
		{10, "3:1"}, {12, "3:3"}, {13, "4:1"},
	} {
		if got := src.PosAt(tt.off).String(); got != tt.want {
			t.Errorf("PosAt(%d) = %s, want %s", tt.off, got, tt.want)
		}
	}
	if got := src.PosAtLineCol(1, 1).Offset; got != 3 {
		t.Errorf("PosAtLineCol(1, 1) is at offset %d, want 3 (after the byte-order mark)", got)
	}
	if got := src.PosAtLineCol(3, 2).Offset; got != 11 {
		t.Errorf("PosAtLineCol(3, 2) is at offset %d, want 11", got)
	}
	if got := src.LineCount(); got != 4 {
		t.Errorf("LineCount() = %d, want 4", got)
	}
}

// TestSourceLongNonASCIILineIsLinear: a minified template is one long line,
// and one non-ASCII character in it made every position a count of code
// points from the line start: minutes for a few megabytes.
func TestSourceLongNonASCIILineIsLinear(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(`{"Comment": "déjà vu", "States": {`)
	for i := 0; b.Len() < 2<<20; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"S`)
		b.WriteString(strings.Repeat("é", i%3))
		b.WriteString(`": {"Type": "Pass", "Next": "T", "Comment": "ü"}`)
	}
	b.WriteString("}}")
	var doc *Document
	assertFast(t, func() {
		var err error
		if doc, err = ParseJSON("min.json", b.Bytes()); err != nil {
			t.Fatal(err)
		}
	})
	last := doc.Root.Get("States").Members
	n := last[len(last)-1].Value
	if want := naivePos(b.Bytes(), n.Range.Start.Offset); n.Range.Start != want {
		t.Errorf("last state at %+v, want %+v", n.Range.Start, want)
	}
}

// assertFast fails when fn takes far longer than a linear algorithm would:
// the inputs of these tests take well under a second (several under -race)
// and took minutes when positions were quadratic.
func assertFast(t *testing.T, fn func()) {
	t.Helper()
	start := time.Now()
	fn()
	if d := time.Since(start); d > 15*time.Second {
		t.Errorf("took %v; the work must stay linear in the size of the input", d)
	}
}

// minified is a definition on one line of about size bytes, with a
// non-ASCII character in every state, as a CDK template holds it.
func minified(size int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"StartAt": "S0", "States": {`)
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"S%d": {"Type": "Pass", "Comment": "étape %d", "Next": "S%d"}`, i, i, i+1)
	}
	b.WriteString("}}")
	return b.Bytes()
}

func BenchmarkNewSource(b *testing.B) {
	text := minified(5 << 20)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		NewSource("b.json", text)
	}
}

// BenchmarkParseMinifiedJSON: 5 MB on one line (a CDK template's size).
func BenchmarkParseMinifiedJSON(b *testing.B) {
	text := minified(5 << 20)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := ParseJSON("b.json", text); err != nil {
			b.Fatal(err)
		}
	}
}
