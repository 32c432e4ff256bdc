package load

import (
	"strings"
	"testing"
)

// TestAlign: a decoded value is traced to its source text, escape by escape
// and fold by fold; every non-blank character lands on its source byte.
func TestAlign(t *testing.T) {
	cases := []struct {
		name   string
		src    string // the value as written; the content starts at the first '«'
		value  string
		q      quoting
		traces map[int]int // value offset → source offset of the start
		fails  bool
	}{
		{name: "json escapes", src: `«a\"b\u00e9\\c\/"`, value: "a\"bé\\c/", q: doubleQuoted,
			traces: map[int]int{0: 0, 1: 1, 2: 3, 3: 4, 5: 10, 6: 12, 7: 13}},
		{name: "json surrogate pair", src: `«x\ud83d\ude00y"`, value: "x😀y", q: doubleQuoted,
			traces: map[int]int{0: 0, 1: 1, 5: 13}},
		{name: "yaml double-quoted folding", src: "«a b\n    c \\\n    d\"", value: "a b c d", q: doubleQuoted,
			traces: map[int]int{0: 0, 2: 2, 4: 8, 6: 16}},
		{name: "yaml single-quoted", src: "«it''s\n  here'", value: "it's here", q: singleQuoted,
			traces: map[int]int{0: 0, 2: 2, 3: 4, 5: 8}},
		{name: "yaml literal block", src: "«{\n  \"a\": 1\n}\n", value: "{\n\"a\": 1\n}\n", q: unquoted,
			traces: map[int]int{0: 0, 2: 4, 9: 11}},
		{name: "yaml literal block with CRLF", src: "«{\r\n  a\r\n}", value: "{\na\n}", q: unquoted,
			traces: map[int]int{0: 0, 1: 2, 2: 5, 4: 8}},
		{name: "hcl heredoc escapes", src: "«$${x} %%{y}", value: "${x} %{y}", q: unquoted,
			traces: map[int]int{0: 0, 1: 2, 5: 6, 6: 8}},
		{name: "hcl quoted", src: `«tab\there\u00e9"`, value: "tab\there\u00e9", q: hclQuoted,
			traces: map[int]int{3: 3, 4: 5, 8: 9}},
		{name: "different text", src: "«abc", value: "abd", q: unquoted, fails: true},
		{name: "value longer than source", src: "«ab", value: "abc", q: unquoted, fails: true},
		{name: "bad escape", src: `«\q"`, value: "q", q: doubleQuoted, fails: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			from := strings.Index(tc.src, "«")
			src := []byte(strings.Replace(tc.src, "«", "", 1))
			m := &mappedText{}
			m.addLiteral("prefix", 100) // align appends, and leaves this alone on failure
			ok := align(m, tc.value, src, from, tc.q)
			if ok == tc.fails {
				t.Fatalf("align = %v, want %v", ok, !tc.fails)
			}
			if tc.fails {
				if string(m.text) != "prefix" || len(m.spans) != 1 {
					t.Errorf("failed align left %q behind", m.text)
				}
				return
			}
			if got := string(m.text[6:]); got != tc.value {
				t.Fatalf("text = %q, want %q", got, tc.value)
			}
			for v, s := range tc.traces {
				if got, exact := m.startOf(6 + v); got != s || !exact {
					t.Errorf("value byte %d (%q) traces to %d (exact %v), want %d", v, tc.value[v:v+1], got, exact, s)
				}
			}
		})
	}
}

// TestRewrite: replaced text stands for what it replaces; the rest keeps
// its exact trace.
func TestRewrite(t *testing.T) {
	m := &mappedText{}
	m.addLiteral("ab${X}cd", 10) // source 10..18
	m.addApprox("ef", 30, 40)
	r := m.rewrite([]edit{{start: 2, end: 6, text: "value"}, {start: 8, end: 8, text: `"`, after: true}})
	if got := string(r.text); got != `abvaluecd"ef` {
		t.Fatalf("text = %q", got)
	}
	for _, c := range []struct {
		name  string
		got   func(int) (int, bool)
		off   int
		want  int
		exact bool
	}{
		{"start of a", r.startOf, 0, 10, true},
		{"start of the value", r.startOf, 2, 12, true},
		{"start inside the value", r.startOf, 4, 12, true},
		{"end inside the value", r.endOf, 4, 16, true},
		{"end of the value", r.endOf, 7, 16, true},
		{"start of c", r.startOf, 7, 16, true},
		{"end of d", r.endOf, 9, 18, true},
		{"start of the inserted quote", r.startOf, 9, 18, true},
		{"end of the inserted quote", r.endOf, 10, 18, true},
		{"start of the approximate part", r.startOf, 10, 30, false},
		{"end of the approximate part", r.endOf, 12, 40, false},
		{"end of the text", r.startOf, 12, 40, false},
	} {
		if got, exact := c.got(c.off); got != c.want || exact != c.exact {
			t.Errorf("%s (%d): %d (exact %v), want %d (%v)", c.name, c.off, got, exact, c.want, c.exact)
		}
	}
}

// TestQuotePlaceholders: ${…} where a JSON value is expected becomes a
// string; inside strings it stays as it is.
func TestQuotePlaceholders(t *testing.T) {
	for in, want := range map[string]string{
		`{"a": ${X}, "b": "${Y}"}`:      `{"a": "${X}", "b": "${Y}"}`,
		`{"a": ${f({x})}}`:              `{"a": "${f({x})}"}`,
		`{"a": ${X, "b": "${Y}", ${Z}}`: `{"a": ${X, "b": "${Y}", "${Z}"}`,
		`{"a": "\"${X}"}`:               `{"a": "\"${X}"}`,
		`${`:                            `${`,
	} {
		m := &mappedText{}
		m.addLiteral(in, 0)
		if got := string(quotePlaceholders(m).text); got != want {
			t.Errorf("quotePlaceholders(%s) = %s, want %s", in, got, want)
		}
	}
	// Linear on hostile input: a quadratic scan would not finish.
	m := &mappedText{}
	m.addLiteral(strings.Repeat("${{", 1<<20), 0)
	quotePlaceholders(m)
}

func TestPlaceholder(t *testing.T) {
	for in, want := range map[string]string{
		"aws_lambda_function.f.arn": "${aws_lambda_function.f.arn}",
		`lookup(var.m, "k")`:        "${lookup(var.m, 'k')}",
		"a ? {x=1} :\n\t\\b":        "${a ? (x=1) : /b}",
		strings.Repeat("x", 200):    "${" + strings.Repeat("x", 81) + "…}",
	} {
		if got := placeholder(in); got != want {
			t.Errorf("placeholder(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSubstitute(t *testing.T) {
	subs := map[string]string{"A": "1", "Long": "a longer value"}
	m := &mappedText{}
	m.addLiteral(`x ${A} ${B} ${Long}`, 0)
	got := substitute(m, subs)
	if string(got.text) != "x 1 ${B} a longer value" {
		t.Fatalf("substitute = %q", got.text)
	}
	s, _ := got.startOf(len("x 1 ${B} a"))
	e, _ := got.endOf(got.len())
	if s != 12 || e != 19 {
		t.Errorf("substituted value traces to %d..%d, want 12..19", s, e)
	}
}
