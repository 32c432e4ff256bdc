package asl

import (
	"errors"
	"testing"
)

// TestParseEncodingErrors: text that is not UTF-8 is an error at the place
// of the problem that says to save the file as UTF-8, never a value with
// U+FFFD in it or a puzzling "unexpected byte".
func TestParseEncodingErrors(t *testing.T) {
	const notUTF8 = "byte 0xe9 is not UTF-8 (the file may be Latin-1 or Windows-1252); save the file as UTF-8"
	const wide = "the file is UTF-16 or UTF-32 text; save it as UTF-8, the encoding JSON, YAML and Step Functions use"
	for _, tt := range []struct {
		name, src, pos, msg string
		yaml                bool
	}{
		{"Latin-1 in a string", "{\n  \"Comment\": \"caf\xe9\"}", "2:18", notUTF8, false},
		{"Latin-1 after an escape", "{\"a\": \"\\n caf\xe9\"}", "1:14", notUTF8, false},
		{"Latin-1 before an escape", "{\"a\": \"caf\xe9\\n\"}", "1:11", notUTF8, false},
		{"Latin-1 in YAML", "StartAt: A\nComment: caf\xe9\n", "2:13", notUTF8, true},
		{"Latin-1 outside a string", "{\"a\": 1, \xe9}", "1:10", notUTF8, false},
		{"UTF-16LE with a byte-order mark", "\xff\xfe{\x00}\x00", "1:1", wide, false},
		{"UTF-16BE without a byte-order mark", "\x00{\x00}", "1:1", wide, false},
		{"UTF-16LE YAML", "\xff\xfea\x00:\x00 \x00b\x00", "1:1", wide, true},
		{"CRLF after an unclosed string", "{\r\n  \"a\": \"x\r\n}", "2:8",
			`string is not closed before the end of the line; add the closing '"' (or write a line break as \n)`, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			parse := ParseJSON
			if tt.yaml {
				parse = ParseYAML
			}
			_, err := parse("e.json", []byte(tt.src))
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want a SyntaxError", err)
			}
			if se.Pos.String() != tt.pos || se.Msg != tt.msg {
				t.Errorf("got %s %q\nwant %s %q", se.Pos, se.Msg, tt.pos, tt.msg)
			}
		})
	}
}

// TestParseJSONCRLFPositions: CRLF line endings neither shift columns nor
// add lines, and a byte-order mark takes no column.
func TestParseJSONCRLFPositions(t *testing.T) {
	src := "\ufeff{\r\n  \"StartAt\": \"A\",\r\n  \"States\": {\"A\": {\"Type\": \"Succeed\"}}\r\n}\r\n"
	doc, err := ParseJSON("crlf.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ pointer, rng string }{
		{"", "1:1-4:2"},
		{"/StartAt", "2:14-2:17"},
		{"/States/A/Type", "3:28-3:37"},
	} {
		r := doc.Root.Lookup(tt.pointer).Range
		if got := r.Start.String() + "-" + r.End.String(); got != tt.rng {
			t.Errorf("%q at %s, want %s", tt.pointer, got, tt.rng)
		}
	}
}

// TestNilNodeAccessors: every accessor of a missing value is safe, as Get
// is, so that checks can chain them on malformed definitions.
func TestNilNodeAccessors(t *testing.T) {
	var n *Node
	if n.Lookup("/States/A") != nil || n.Lookup("") != nil || n.Interface() != nil || n.Get("a") != nil || n.IsTrue() {
		t.Error("a nil node must look absent")
	}
}
