package asl

import (
	"errors"
	"strings"
	"testing"
)

// TestParseYAMLScalarRanges: a scalar's range covers all of its text, also
// when it runs over several lines (plain, folded and literal scalars), is
// tagged or anchored, or the file has CRLF line endings.
func TestParseYAMLScalarRanges(t *testing.T) {
	src := strings.Join([]string{
		"plain: first line",                // 1
		"  second line",                    // 2
		"  third # a comment",              // 3
		"folded: >-",                       // 4
		"  one",                            // 5
		"  two",                            // 6
		"",                                 // 7
		"  three",                          // 8
		"literal: |  # header",             // 9
		"  x",                              // 10
		"    y",                            // 11
		"tagged: !Sub &a é ${AWS::Region}", // 12
		"  and more",                       // 13
		"empty: |",                         // 14
		"quoted: \"a",                      // 15
		"  b\"",                            // 16
		"flow: [p q,",                      // 17
		"  r]",                             // 18
		"last: 1",                          // 19
		"ref: !Ref",                        // 20
		"next: !Sub",                       // 21
		"  line ${A}",                      // 22
		"block: !Sub",                      // 23
		"  |",                              // 24
		"    text",                         // 25
		"",
	}, "\n")
	for _, eol := range []string{"\n", "\r\n"} {
		name := map[string]string{"\n": "LF", "\r\n": "CRLF"}[eol]
		doc, err := ParseYAML("s.yaml", []byte(strings.ReplaceAll(src, "\n", eol)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, tt := range []struct {
			pointer, value, start, end string
		}{
			{"/plain", "first line second line third", "1:8", "3:8"},
			{"/folded", "one two\nthree", "4:9", "8:8"},
			{"/literal", "x\n  y\n", "9:10", "11:6"},
			{"/tagged", "é ${AWS::Region} and more", "12:9", "13:11"},
			{"/empty", "", "14:8", "14:9"},
			{"/quoted", "a b", "15:9", "16:5"},
			{"/flow/0", "p q", "17:8", "17:11"},
			{"/flow/1", "r", "18:3", "18:4"},
			{"/last", "1", "19:7", "19:8"},
			{"/ref", "", "20:6", "20:10"},
			{"/next", "line ${A}", "21:7", "22:12"},
			{"/block", "text\n", "23:8", "25:9"},
		} {
			n := doc.Root.Lookup(tt.pointer)
			if n == nil {
				t.Fatalf("%s: %s not found", name, tt.pointer)
			}
			if n.Str != tt.value {
				t.Errorf("%s: %s = %q, want %q", name, tt.pointer, n.Str, tt.value)
			}
			if got := n.Range.Start.String() + "-" + n.Range.End.String(); got != tt.start+"-"+tt.end {
				t.Errorf("%s: %s at %s, want %s-%s", name, tt.pointer, got, tt.start, tt.end)
			}
		}
		if got := doc.Root.Range.End.String(); got != "25:9" {
			t.Errorf("%s: document ends at %s, want 25:9", name, got)
		}
	}
}

// TestParseYAMLByteOrderMark: YAML does not count the mark as a column, and
// neither do editors: the first key is at 1:1 and its offset is past the
// mark.
func TestParseYAMLByteOrderMark(t *testing.T) {
	doc, err := ParseYAML("bom.yaml", []byte("\ufeffStartAt: A\nStates: {}\n"))
	if err != nil {
		t.Fatal(err)
	}
	m := doc.Root.Members[0]
	if got := m.KeyRange.Start.String() + "-" + m.KeyRange.End.String(); got != "1:1-1:8" || m.KeyRange.Start.Offset != 3 {
		t.Errorf("StartAt key at %s (offset %d), want 1:1-1:8 (offset 3)", got, m.KeyRange.Start.Offset)
	}
	if got := m.Value.Range.Start.String() + "-" + m.Value.Range.End.String(); got != "1:10-1:11" {
		t.Errorf("StartAt value at %s, want 1:10-1:11", got)
	}
}

// TestParseYAMLOldMacLineEndings: YAML breaks lines at a lone CR, so the
// source index must too or every position after the first line is lost.
func TestParseYAMLOldMacLineEndings(t *testing.T) {
	doc, err := ParseYAML("cr.yaml", []byte("StartAt: A\rStates:\r  A: {Type: Succeed}\r"))
	if err != nil {
		t.Fatal(err)
	}
	n := doc.Root.Lookup("/States/A/Type")
	if got := n.Range.Start.String() + "-" + n.Range.End.String(); got != "3:13-3:20" {
		t.Errorf("/States/A/Type at %s, want 3:13-3:20", got)
	}
}

// TestParseYAMLLargeIsLinear: every plain scalar copied the rest of the file
// to compare its value with the source, so 10,000 states took minutes.
func TestParseYAMLLargeIsLinear(t *testing.T) {
	var b strings.Builder
	b.WriteString("StartAt: S0\nStates:\n")
	for i := 0; b.Len() < 2<<20; i++ {
		b.WriteString("  S")
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString(":\n    Type: Pass\n    Comment: some words about this state\n    Next: S1\n")
	}
	assertFast(t, func() {
		if _, err := ParseYAML("big.yaml", []byte(b.String())); err != nil {
			t.Fatal(err)
		}
	})
}

// TestParseYAMLMergeKeys: "<<: *defaults" brings in the anchored mapping's
// keys, as every YAML-to-JSON converter does; the mapping's own keys win,
// and the merged values keep the place where they are written.
func TestParseYAMLMergeKeys(t *testing.T) {
	src := `retry: &retry
  ErrorEquals: [States.ALL]
  MaxAttempts: 3
backoff: &backoff
  BackoffRate: 2
  MaxAttempts: 9
StartAt: A
States:
  A:
    Type: Task
    Retry:
      - <<: [*retry, *backoff]
        MaxAttempts: 5
    End: true
`
	doc, err := ParseYAML("merge.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	r := doc.Root.Lookup("/States/A/Retry/0")
	var keys []string
	for _, m := range r.Members {
		keys = append(keys, m.Key)
	}
	if got := strings.Join(keys, ","); got != "MaxAttempts,ErrorEquals,BackoffRate" {
		t.Errorf("retrier keys %s, want MaxAttempts,ErrorEquals,BackoffRate", got)
	}
	if got := r.Get("MaxAttempts").Str; got != "5" {
		t.Errorf("MaxAttempts = %s, want the retrier's own 5", got)
	}
	if n := r.Get("ErrorEquals"); n.Pointer() != "/States/A/Retry/0/ErrorEquals" || n.Range.Start.String() != "2:16" {
		t.Errorf("merged ErrorEquals: pointer %s at %s", n.Pointer(), n.Range.Start)
	}
	if len(doc.Duplicates) != 0 {
		t.Errorf("duplicates = %+v; merged keys are not repeated keys", doc.Duplicates)
	}
	if _, err := ParseYAML("bad.yaml", []byte("a:\n  <<: 3\n")); err == nil || !strings.Contains(err.Error(), "2:7: the value of the merge key << must be a mapping") {
		t.Errorf("merging a number: %v", err)
	}
}

// TestParseYAMLErrors: the line of a YAML error is the line of the problem
// (the library gives some 0-based), and the message says what to do.
func TestParseYAMLErrors(t *testing.T) {
	for _, tt := range []struct{ src, pos, msg string }{
		// " End" is indented like no key: the mapping it falls back to
		// (the states, at two spaces) starts on line 3.
		{"StartAt: A\nStates:\n  A:\n    Type: Pass\n   End: true\n", "3:1",
			"invalid YAML: did not find expected key; check the indentation from here on: the keys of one mapping must be indented alike"},
		{"a: 1\n b: 2\nc:\n  d: 1\n e: 2\n", "2:1", `invalid YAML: mapping values are not allowed in this context; quote a value that contains ": ", and indent the keys of one mapping alike`},
		{"- a\nb: 1\n", "2:1", `invalid YAML: did not find expected '-' indicator; check the list from here on: every item starts with "- ", indented alike`},
		{"a: 1\nb: [1, 2\nc: 3\n", "2:1", "invalid YAML: did not find expected ',' or ']'; close the [ list opened on this line, or separate its items with commas"},
		{"a: 1\nb: c: d\n", "2:1", `invalid YAML: mapping values are not allowed in this context; quote a value that contains ": ", and indent the keys of one mapping alike`},
		{"a: 1\n\tb: 2\n", "2:1", "invalid YAML: found a tab character that violates indentation; indent with spaces; YAML does not allow tabs there"},
		{"a: @x\n", "1:1", "invalid YAML: found character that cannot start any token; quote a value that starts with @, ` or %"},
		{"a: 1\r\nb: [1, 2\r\nc: 3\r\n", "2:1", "invalid YAML: did not find expected ',' or ']'; close the [ list opened on this line, or separate its items with commas"},
	} {
		_, err := ParseYAML("e.yaml", []byte(tt.src))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: err = %v, want a SyntaxError", tt.src, err)
			continue
		}
		if se.Pos.String() != tt.pos || se.Msg != tt.msg {
			t.Errorf("%q:\n got %s %s\nwant %s %s", tt.src, se.Pos, se.Msg, tt.pos, tt.msg)
		}
	}
}
