package markdown

import "testing"

func TestEscaping(t *testing.T) {
	cells := []struct{ in, want string }{
		{"plain", "plain"},
		{"a|b", `a\|b`},
		{`back\slash`, `back\\slash`},
		{"two\nlines", "two lines"},
		{"crlf\r\nend", "crlf end"},
	}
	for _, c := range cells {
		if got := Cell(c.in); got != c.want {
			t.Errorf("Cell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	codes := []struct{ in, want string }{
		{"name", "`name`"},
		{"a`b", "``a`b``"},
		{"`edge", "`` `edge ``"},
		{"x|y", "`x\\|y`"},
	}
	for _, c := range codes {
		if got := Code(c.in); got != c.want {
			t.Errorf("Code(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
