package asl

import (
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth bounds nesting so that hostile input cannot exhaust memory or
// time; real state machines nest a few dozen levels at most.
const maxDepth = 1000

// SyntaxError is malformed input at a position.
type SyntaxError struct {
	Path string
	Pos  Pos
	Msg  string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Pos.Line, e.Pos.Col, e.Msg)
}

// Duplicate is a key written twice in one object.
type Duplicate struct {
	Object *Node
	Key    string
	First  Range // the earlier key, ignored
	Second Range // the later key, the one kept
}

// Document is a parsed file: its source, the root value, and the repeated
// keys found on the way.
type Document struct {
	Source     *Source
	Root       *Node
	Duplicates []Duplicate
}

// ParseJSON parses JSON text into a Document. Malformed input is a
// *SyntaxError with the position of the problem and what to do about it.
func ParseJSON(path string, text []byte) (*Document, error) {
	src := NewSource(path, text)
	if err := checkEncoding(src); err != nil {
		return nil, err
	}
	p := &jsonParser{src: src, text: text}
	p.skipSpace()
	if p.pos == 0 && len(text) >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF {
		// A UTF-8 byte-order mark is common in files saved on Windows.
		p.pos = 3
		p.skipSpace()
	}
	if p.pos >= len(text) {
		return nil, p.errAt(p.pos, "empty document; a state machine is a JSON object with \"StartAt\" and \"States\"")
	}
	root, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos < len(text) {
		return nil, p.errAt(p.pos, fmt.Sprintf("unexpected %s after the end of the document; remove it or wrap both values in an array", p.describe(p.pos)))
	}
	return &Document{Source: src, Root: root, Duplicates: p.dups}, nil
}

type jsonParser struct {
	src  *Source
	text []byte
	pos  int
	dups []Duplicate
}

func (p *jsonParser) errAt(off int, msg string) error {
	return &SyntaxError{Path: p.src.Path, Pos: p.src.PosAt(off), Msg: msg}
}

func (p *jsonParser) describe(off int) string {
	if off >= len(p.text) {
		return "end of file"
	}
	r, _ := utf8.DecodeRune(p.text[off:])
	if r == utf8.RuneError {
		return fmt.Sprintf("byte 0x%02x", p.text[off])
	}
	return strconv.QuoteRune(r)
}

func (p *jsonParser) skipSpace() {
	for p.pos < len(p.text) {
		switch p.text[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *jsonParser) rangeFrom(start int) Range {
	return Range{Start: p.src.PosAt(start), End: p.src.PosAt(p.pos)}
}

func (p *jsonParser) value(depth int) (*Node, error) {
	if depth > maxDepth {
		return nil, p.errAt(p.pos, fmt.Sprintf("values nested more than %d levels deep", maxDepth))
	}
	if p.pos >= len(p.text) {
		return nil, p.errAt(p.pos, "unexpected end of file; expected a value")
	}
	start := p.pos
	switch c := p.text[p.pos]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		return &Node{Kind: String, Str: s, Range: p.rangeFrom(start)}, nil
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return p.literal("true", &Node{Kind: Bool, Bool: true})
	case c == 'f':
		return p.literal("false", &Node{Kind: Bool})
	case c == 'n':
		return p.literal("null", &Node{Kind: Null})
	case c == '\'':
		return nil, p.errAt(p.pos, "strings must use double quotes in JSON, not single quotes")
	case c == '/':
		return nil, p.errAt(p.pos, "comments are not allowed in JSON; use the \"Comment\" field of a state instead")
	default:
		return nil, p.errAt(p.pos, fmt.Sprintf("unexpected %s; expected a value (object, array, string, number, true, false or null)", p.describe(p.pos)))
	}
}

func (p *jsonParser) literal(word string, n *Node) (*Node, error) {
	start := p.pos
	end := start + len(word)
	if end > len(p.text) || string(p.text[start:end]) != word {
		stop := start
		for stop < len(p.text) && stop-start < 20 && isWordByte(p.text[stop]) {
			stop++
		}
		if stop == start {
			stop++
		}
		return nil, p.errAt(start, fmt.Sprintf("unknown literal %q; expected a value (strings need double quotes)", string(p.text[start:min(stop, len(p.text))])))
	}
	if end < len(p.text) && isWordByte(p.text[end]) {
		return nil, p.errAt(end, fmt.Sprintf("unexpected %s after %s", p.describe(end), word))
	}
	p.pos = end
	n.Range = p.rangeFrom(start)
	return n, nil
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func (p *jsonParser) number() (*Node, error) {
	start := p.pos
	t := p.text
	i := p.pos
	if i < len(t) && t[i] == '-' {
		i++
	}
	switch {
	case i < len(t) && t[i] == '0':
		i++
		if i < len(t) && t[i] >= '0' && t[i] <= '9' {
			return nil, p.errAt(start, "numbers may not have leading zeros in JSON")
		}
	case i < len(t) && t[i] >= '1' && t[i] <= '9':
		for i < len(t) && t[i] >= '0' && t[i] <= '9' {
			i++
		}
	default:
		return nil, p.errAt(i, fmt.Sprintf("unexpected %s in number; expected a digit", p.describe(i)))
	}
	if i < len(t) && t[i] == '.' {
		i++
		if i >= len(t) || t[i] < '0' || t[i] > '9' {
			return nil, p.errAt(i, "expected a digit after the decimal point")
		}
		for i < len(t) && t[i] >= '0' && t[i] <= '9' {
			i++
		}
	}
	if i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		i++
		if i < len(t) && (t[i] == '+' || t[i] == '-') {
			i++
		}
		if i >= len(t) || t[i] < '0' || t[i] > '9' {
			return nil, p.errAt(i, "expected a digit in the exponent")
		}
		for i < len(t) && t[i] >= '0' && t[i] <= '9' {
			i++
		}
	}
	p.pos = i
	return &Node{Kind: Number, Str: string(t[start:i]), Range: p.rangeFrom(start)}, nil
}

// str parses a string literal at p.pos and returns its value.
func (p *jsonParser) str() (string, error) {
	open := p.pos
	p.pos++ // opening quote
	t := p.text
	// Fast path: no escapes.
	i := p.pos
	for i < len(t) && t[i] != '"' && t[i] != '\\' && t[i] >= 0x20 {
		i++
	}
	if i < len(t) && t[i] == '"' {
		s := t[p.pos:i]
		p.pos = i + 1
		return string(s), nil
	}
	buf := make([]byte, 0, i-p.pos+16)
	buf = append(buf, t[p.pos:i]...)
	for i < len(t) {
		c := t[i]
		switch {
		case c == '"':
			p.pos = i + 1
			return string(buf), nil
		case c == '\\':
			if i+1 >= len(t) {
				return "", p.errAt(i, "unterminated escape at end of file")
			}
			e := t[i+1]
			switch e {
			case '"', '\\', '/':
				buf = append(buf, e)
				i += 2
			case 'b':
				buf = append(buf, '\b')
				i += 2
			case 'f':
				buf = append(buf, '\f')
				i += 2
			case 'n':
				buf = append(buf, '\n')
				i += 2
			case 'r':
				buf = append(buf, '\r')
				i += 2
			case 't':
				buf = append(buf, '\t')
				i += 2
			case 'u':
				r, n, err := p.unicodeEscape(i)
				if err != nil {
					return "", err
				}
				buf = utf8.AppendRune(buf, r)
				i += n
			default:
				return "", p.errAt(i, fmt.Sprintf("invalid escape %q in string; write a backslash as \\\\", "\\"+string(rune(e))))
			}
		case c < 0x20:
			if c == '\n' || c == '\r' {
				return "", p.errAt(open, "string is not closed before the end of the line; add the closing '\"' (or write a line break as \\n)")
			}
			return "", p.errAt(i, fmt.Sprintf("control character 0x%02x in string; escape it (e.g. \\t, \\n or \\u%04x)", c, c))
		default:
			// The text is valid UTF-8 (checkEncoding), so a multi-byte
			// character is copied byte by byte.
			buf = append(buf, c)
			i++
		}
	}
	return "", p.errAt(open, "string is not closed; add the closing '\"'")
}

// unicodeEscape decodes \uXXXX (and a following low surrogate) at i.
func (p *jsonParser) unicodeEscape(i int) (rune, int, error) {
	hex := func(at int) (rune, bool) {
		if at+6 > len(p.text) || p.text[at] != '\\' || p.text[at+1] != 'u' {
			return 0, false
		}
		v, err := strconv.ParseUint(string(p.text[at+2:at+6]), 16, 16)
		return rune(v), err == nil
	}
	r, ok := hex(i)
	if !ok {
		return 0, 0, p.errAt(i, "invalid \\u escape; it needs four hex digits, e.g. \\u00e9")
	}
	if utf16.IsSurrogate(r) {
		if r2, ok := hex(i + 6); ok {
			if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
				return d, 12, nil
			}
		}
		return utf8.RuneError, 6, nil
	}
	return r, 6, nil
}

func (p *jsonParser) object(depth int) (*Node, error) {
	start := p.pos
	p.pos++ // {
	n := &Node{Kind: Object}
	var seen map[string]int
	p.skipSpace()
	if p.pos < len(p.text) && p.text[p.pos] == '}' {
		p.pos++
		n.Range = p.rangeFrom(start)
		return n, nil
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.text) {
			return nil, p.errAt(start, "object is not closed; add '}'")
		}
		if p.text[p.pos] != '"' {
			if p.text[p.pos] == '}' {
				return nil, p.errAt(p.pos, "trailing comma before '}'; remove the comma")
			}
			if p.text[p.pos] == '\'' {
				return nil, p.errAt(p.pos, "keys must be in double quotes in JSON, not single quotes")
			}
			return nil, p.errAt(p.pos, fmt.Sprintf("unexpected %s; expected a key in double quotes", p.describe(p.pos)))
		}
		keyStart := p.pos
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		keyRange := p.rangeFrom(keyStart)
		p.skipSpace()
		if p.pos >= len(p.text) || p.text[p.pos] != ':' {
			return nil, p.errAt(p.pos, fmt.Sprintf("unexpected %s after key %q; expected ':'", p.describe(p.pos), key))
		}
		p.pos++
		p.skipSpace()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		if seen == nil {
			seen = make(map[string]int, 8)
		}
		if prev, ok := seen[key]; ok {
			p.dups = append(p.dups, Duplicate{Object: n, Key: key, First: n.Members[prev].KeyRange, Second: keyRange})
		}
		seen[key] = len(n.Members)
		n.Members = append(n.Members, Member{Key: key, KeyRange: keyRange, Value: v})
		p.skipSpace()
		if p.pos >= len(p.text) {
			return nil, p.errAt(start, "object is not closed; add '}'")
		}
		switch p.text[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			n.Range = p.rangeFrom(start)
			n.adopt()
			return n, nil
		default:
			return nil, p.errAt(p.pos, fmt.Sprintf("unexpected %s after the value of %q; expected ',' or '}'", p.describe(p.pos), key))
		}
	}
}

func (p *jsonParser) array(depth int) (*Node, error) {
	start := p.pos
	p.pos++ // [
	n := &Node{Kind: Array}
	p.skipSpace()
	if p.pos < len(p.text) && p.text[p.pos] == ']' {
		p.pos++
		n.Range = p.rangeFrom(start)
		return n, nil
	}
	for {
		p.skipSpace()
		if p.pos < len(p.text) && p.text[p.pos] == ']' {
			return nil, p.errAt(p.pos, "trailing comma before ']'; remove the comma")
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.Elems = append(n.Elems, v)
		p.skipSpace()
		if p.pos >= len(p.text) {
			return nil, p.errAt(start, "array is not closed; add ']'")
		}
		switch p.text[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			n.Range = p.rangeFrom(start)
			n.adopt()
			return n, nil
		default:
			return nil, p.errAt(p.pos, fmt.Sprintf("unexpected %s in array; expected ',' or ']'", p.describe(p.pos)))
		}
	}
}
