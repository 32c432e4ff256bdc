package asl

import (
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// maxYAMLNodes bounds alias expansion ("billion laughs"): a definition is
// far smaller than this.
const maxYAMLNodes = 1_000_000

// ParseYAML parses YAML text into a Document. JSON is valid YAML, but use
// ParseJSON for it: its positions and errors are exact.
func ParseYAML(path string, text []byte) (*Document, error) {
	src := NewSource(path, text)
	var doc yaml.Node
	dec := yaml.NewDecoder(strings.NewReader(string(text)))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &SyntaxError{Path: path, Pos: Pos{Line: 1, Col: 1}, Msg: "empty document; a state machine is a mapping with StartAt and States"}
		}
		return nil, yamlError(src, err)
	}
	c := &yamlConverter{src: src}
	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return nil, &SyntaxError{Path: path, Pos: Pos{Line: 1, Col: 1}, Msg: "empty document; a state machine is a mapping with StartAt and States"}
		}
		root = root.Content[0]
	}
	n, err := c.convert(root, 0)
	if err != nil {
		return nil, err
	}
	return &Document{Source: src, Root: n, Duplicates: c.dups}, nil
}

var yamlLineRE = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// yamlError turns the YAML library's error text into a positioned error.
func yamlError(src *Source, err error) error {
	msg := err.Error()
	line := 1
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		if m[1] != "" {
			line, _ = strconv.Atoi(m[1])
		}
		msg = m[2]
	}
	return &SyntaxError{Path: src.Path, Pos: src.PosAtLineCol(line, 1), Msg: "invalid YAML: " + msg}
}

type yamlConverter struct {
	src   *Source
	dups  []Duplicate
	count int
}

func (c *yamlConverter) errAt(y *yaml.Node, msg string) error {
	return &SyntaxError{Path: c.src.Path, Pos: c.src.PosAtLineCol(y.Line, y.Column), Msg: msg}
}

func (c *yamlConverter) convert(y *yaml.Node, depth int) (*Node, error) {
	c.count++
	if c.count > maxYAMLNodes {
		return nil, c.errAt(y, "document expands to too many values (are aliases nested to blow it up?)")
	}
	if depth > maxDepth {
		return nil, c.errAt(y, fmt.Sprintf("values nested more than %d levels deep", maxDepth))
	}
	start := c.src.PosAtLineCol(y.Line, y.Column)
	n := &Node{}
	if y.Tag != "" && !strings.HasPrefix(y.Tag, "!!") {
		n.Tag = y.Tag
	}
	switch y.Kind {
	case yaml.AliasNode:
		if y.Alias == nil {
			return nil, c.errAt(y, "alias refers to no anchor")
		}
		a, err := c.convert(y.Alias, depth+1)
		if err != nil {
			return nil, err
		}
		// An alias stands where it is written.
		a.Range = Range{Start: start, End: c.src.PosAt(start.Offset + 1 + len(y.Value))}
		return a, nil
	case yaml.MappingNode:
		n.Kind = Object
		var seen map[string]int
		for i := 0; i+1 < len(y.Content); i += 2 {
			k, v := y.Content[i], y.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return nil, c.errAt(k, "mapping keys must be plain strings")
			}
			val, err := c.convert(v, depth+1)
			if err != nil {
				return nil, err
			}
			kr := c.scalarRange(k)
			if seen == nil {
				seen = make(map[string]int, len(y.Content)/2)
			}
			if prev, ok := seen[k.Value]; ok {
				c.dups = append(c.dups, Duplicate{Object: n, Key: k.Value, First: n.Members[prev].KeyRange, Second: kr})
			}
			seen[k.Value] = len(n.Members)
			n.Members = append(n.Members, Member{Key: k.Value, KeyRange: kr, Value: val})
		}
		n.Range = Range{Start: start, End: c.containerEnd(y, start, n)}
		n.adopt()
	case yaml.SequenceNode:
		n.Kind = Array
		for _, e := range y.Content {
			v, err := c.convert(e, depth+1)
			if err != nil {
				return nil, err
			}
			n.Elems = append(n.Elems, v)
		}
		n.Range = Range{Start: start, End: c.containerEnd(y, start, n)}
		n.adopt()
	case yaml.ScalarNode:
		c.scalar(y, n)
		n.Range = c.scalarRange(y)
	default:
		return nil, c.errAt(y, "unsupported YAML node")
	}
	return n, nil
}

// scalar sets the JSON kind and value of a scalar from its resolved tag.
func (c *yamlConverter) scalar(y *yaml.Node, n *Node) {
	switch y.ShortTag() {
	case "!!null":
		n.Kind = Null
	case "!!bool":
		var b bool
		if y.Decode(&b) == nil {
			n.Kind, n.Bool = Bool, b
			return
		}
		n.Kind, n.Str = String, y.Value
	case "!!int", "!!float":
		n.Kind = Number
		if isJSONNumber(y.Value) {
			n.Str = y.Value
			return
		}
		var f float64
		if y.Decode(&f) == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			if f == math.Trunc(f) && math.Abs(f) < 1e18 {
				n.Str = strconv.FormatInt(int64(f), 10)
			} else {
				n.Str = strconv.FormatFloat(f, 'g', -1, 64)
			}
			return
		}
		n.Kind, n.Str = String, y.Value
	default:
		n.Kind, n.Str = String, y.Value
	}
}

func isJSONNumber(s string) bool {
	if s == "" {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return false
	}
	// Reject YAML-only spellings such as "+1", ".5", "1." and "0x10".
	if s[0] == '+' || s[0] == '.' || strings.HasSuffix(s, ".") || strings.ContainsAny(s, "xXoO_") {
		return false
	}
	digits := strings.TrimPrefix(s, "-")
	return !(len(digits) > 1 && digits[0] == '0' && digits[1] != '.' && digits[1] != 'e' && digits[1] != 'E')
}

// scalarRange finds where a scalar's text ends. YAML reports only starts, so
// the end is recovered from the source according to the scalar's style.
func (c *yamlConverter) scalarRange(y *yaml.Node) Range {
	start := c.src.PosAtLineCol(y.Line, y.Column)
	text := c.src.Text
	off := start.Offset
	end := off
	switch {
	case y.Style&yaml.DoubleQuotedStyle != 0:
		end = scanQuoted(text, off, '"')
	case y.Style&yaml.SingleQuotedStyle != 0:
		end = scanQuoted(text, off, '\'')
	case y.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		// The block runs over as many lines as its content has, after the
		// indicator line.
		lines := strings.Count(strings.TrimRight(y.Value, "\n"), "\n") + 1
		endLine := min(start.Line+lines, c.src.LineCount())
		p := c.src.PosAtLineCol(endLine, 1)
		end = p.Offset
		for end < len(text) && text[end] != '\n' && text[end] != '\r' {
			end++
		}
	default:
		end = off
		// Skip an explicit tag such as !Ref before the value.
		if y.Tag != "" && !strings.HasPrefix(y.Tag, "!!") && end < len(text) && text[end] == '!' {
			for end < len(text) && text[end] != ' ' && text[end] != '\n' {
				end++
			}
			for end < len(text) && text[end] == ' ' {
				end++
			}
		}
		if v := y.Value; !strings.Contains(v, "\n") && strings.HasPrefix(string(text[min(end, len(text)):]), v) {
			end += len(v)
		} else {
			for end < len(text) && text[end] != '\n' && text[end] != '\r' {
				end++
			}
		}
	}
	return Range{Start: start, End: c.src.PosAt(end)}
}

// scanQuoted returns the offset just past the closing quote of the quoted
// scalar that starts at off (at or after a tag).
func scanQuoted(text []byte, off int, q byte) int {
	i := off
	for i < len(text) && text[i] != q {
		i++
	}
	i++
	for i < len(text) {
		switch {
		case q == '"' && text[i] == '\\':
			i += 2
			continue
		case text[i] == q:
			if q == '\'' && i+1 < len(text) && text[i+1] == '\'' {
				i += 2
				continue
			}
			return i + 1
		}
		_, size := utf8.DecodeRune(text[i:])
		i += size
	}
	return len(text)
}

// containerEnd is the end of a mapping or sequence: the end of its last
// value, or past the closing bracket of a flow collection.
func (c *yamlConverter) containerEnd(y *yaml.Node, start Pos, n *Node) Pos {
	end := start
	switch n.Kind {
	case Object:
		if len(n.Members) > 0 {
			end = n.Members[len(n.Members)-1].Value.Range.End
		}
	case Array:
		if len(n.Elems) > 0 {
			end = n.Elems[len(n.Elems)-1].Range.End
		}
	}
	if y.Style&yaml.FlowStyle != 0 {
		text := c.src.Text
		closer := byte('}')
		if n.Kind == Array {
			closer = ']'
		}
		i := end.Offset
		for i < len(text) && text[i] != closer {
			i++
		}
		if i < len(text) {
			return c.src.PosAt(i + 1)
		}
	}
	if end.Offset == start.Offset {
		return c.src.PosAt(start.Offset + 1)
	}
	return end
}
