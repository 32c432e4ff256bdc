package load

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// quoting is how a string value is written in its source, which decides how
// the decoded value is traced back to the source bytes.
type quoting uint8

const (
	// unquoted: YAML plain and block scalars, Terraform heredocs and template
	// files; no backslash escapes.
	unquoted quoting = iota
	// doubleQuoted: JSON strings and YAML double-quoted scalars.
	doubleQuoted
	// singleQuoted: YAML single-quoted scalars ('' is a quote).
	singleQuoted
	// hclQuoted: Terraform quoted strings (\n, \", \uNNNN …).
	hclQuoted
)

// align appends value to m, tracing each of its bytes to the source text
// from offset from on, where value is written with quoting q. It reports
// false, and appends nothing, when the value cannot be traced.
//
// The decoded value is the source minus what writing it added: quotes,
// escape sequences (each stands for its decoded character), YAML
// indentation and line folding and HCL's heredoc indentation stripping (all
// whitespace), and the doubled $${ and %%{ of HCL templates. So the walk
// matches value bytes to source bytes and skips source whitespace that the
// value does not have; every non-blank character lands exactly.
func align(m *mappedText, value string, src []byte, from int, q quoting) bool {
	textLen, spanLen := len(m.text), len(m.spans)
	fail := func() bool {
		m.text, m.spans = m.text[:textLen], m.spans[:spanLen]
		return false
	}
	i, j := 0, from
	for i < len(value) {
		if j >= len(src) {
			return fail()
		}
		c := src[j]
		switch {
		case c == '\\' && (q == doubleQuoted || q == hclQuoted):
			dec, n := decodeEscape(src[j:], q)
			if n == 0 {
				return fail()
			}
			if dec == "" { // a YAML line continuation
				j += n
				continue
			}
			if !strings.HasPrefix(value[i:], dec) {
				return fail()
			}
			m.addStandIn(dec, j, j+n)
			i, j = i+len(dec), j+n
		case c == '\'' && q == singleQuoted && j+1 < len(src) && src[j+1] == '\'':
			if value[i] != '\'' {
				return fail()
			}
			m.addStandIn("'", j, j+2)
			i, j = i+1, j+2
		case (c == '$' || c == '%') && q != doubleQuoted && q != singleQuoted &&
			j+2 < len(src) && src[j+1] == c && src[j+2] == '{' && strings.HasPrefix(value[i:], string(c)+"{"):
			// HCL's escaped template introducer: $${ is a literal ${.
			m.addStandIn(string(c), j, j+2)
			i, j = i+1, j+2
		case value[i] == c:
			k := 1
			for i+k < len(value) && j+k < len(src) && value[i+k] == src[j+k] && src[j+k] != '\\' && src[j+k] != '\'' && src[j+k] != '$' && src[j+k] != '%' {
				k++
			}
			m.addLiteral(value[i:i+k], j)
			i, j = i+k, j+k
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			// Indentation, a folded line break or a stripped space.
			j++
		default:
			return fail()
		}
	}
	return true
}

// decodeEscape decodes the escape sequence at the start of s (s[0] is the
// backslash): the text it stands for and its length in the source; length
// 0 when it is not a valid escape. A YAML escaped line break decodes to "".
func decodeEscape(s []byte, q quoting) (string, int) {
	if len(s) < 2 {
		return "", 0
	}
	switch s[1] {
	case '"':
		return `"`, 2
	case '\\':
		return `\`, 2
	case 'n':
		return "\n", 2
	case 'r':
		return "\r", 2
	case 't':
		return "\t", 2
	case 'u':
		r, n := hexRune(s[2:], 4)
		if n == 0 {
			return "", 0
		}
		if q == doubleQuoted && utf16.IsSurrogate(r) {
			// JSON writes characters outside the BMP as a surrogate pair.
			if len(s) >= 12 && s[6] == '\\' && s[7] == 'u' {
				if r2, n2 := hexRune(s[8:], 4); n2 > 0 {
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						return string(dec), 12
					}
				}
			}
			return string(utf8.RuneError), 6
		}
		return string(r), 6
	case 'U':
		r, n := hexRune(s[2:], 8)
		if n == 0 {
			return "", 0
		}
		return string(r), 10
	}
	if q != doubleQuoted {
		return "", 0
	}
	// JSON's and YAML's other escapes.
	switch s[1] {
	case '/':
		return "/", 2
	case 'b':
		return "\b", 2
	case 'f':
		return "\f", 2
	case '0':
		return "\x00", 2
	case 'a':
		return "\a", 2
	case 'v':
		return "\v", 2
	case 'e':
		return "\x1b", 2
	case ' ':
		return " ", 2
	case '\t':
		return "\t", 2
	case 'N':
		return "\u0085", 2
	case '_':
		return "\u00a0", 2
	case 'L':
		return "\u2028", 2
	case 'P':
		return "\u2029", 2
	case 'x':
		r, n := hexRune(s[2:], 2)
		if n == 0 {
			return "", 0
		}
		return string(r), 4
	case '\n':
		return "", 2
	case '\r':
		if len(s) > 2 && s[2] == '\n' {
			return "", 3
		}
		return "", 2
	}
	return "", 0
}

// hexRune reads n hex digits.
func hexRune(s []byte, n int) (rune, int) {
	if len(s) < n {
		return 0, 0
	}
	v, err := strconv.ParseUint(string(s[:n]), 16, 32)
	if err != nil {
		return 0, 0
	}
	if v > utf8.MaxRune {
		return utf8.RuneError, n
	}
	return rune(v), n
}
