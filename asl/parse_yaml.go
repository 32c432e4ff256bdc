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
	if err := checkEncoding(src); err != nil {
		return nil, err
	}
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

// yamlParserErrors are the messages of the YAML library's parser (as
// opposed to its scanner). It reports their line 0-based, so one less than
// the line meant, and none at all on the first line. That line is where the
// enclosing mapping, list or bracket starts when it does not start on the
// first line, else where the problem is: the hints are worded for both.
var yamlParserErrors = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found undefined tag handle":             true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
}

// yamlHints say what to do about the YAML library's commonest errors.
var yamlHints = map[string]string{
	"found a tab character that violates indentation":              "indent with spaces; YAML does not allow tabs there",
	"found a tab character where an indentation space is expected": "indent with spaces; YAML does not allow tabs there",
	"mapping values are not allowed in this context":               `quote a value that contains ": ", and indent the keys of one mapping alike`,
	"did not find expected key":                                    "check the indentation from here on: the keys of one mapping must be indented alike",
	"did not find expected '-' indicator":                          `check the list from here on: every item starts with "- ", indented alike`,
	"did not find expected ',' or ']'":                             "close the [ list opened on this line, or separate its items with commas",
	"did not find expected ',' or '}'":                             "close the { mapping opened on this line, or separate its entries with commas",
	"found unexpected end of stream":                               "close the quoted string that starts on this line",
	"found character that cannot start any token":                  "quote a value that starts with @, ` or %",
}

// yamlError turns the YAML library's error text into a positioned error.
func yamlError(src *Source, err error) error {
	msg := err.Error()
	line := 1
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		msg = m[2]
		if m[1] != "" {
			line, _ = strconv.Atoi(m[1])
			if yamlParserErrors[msg] {
				line++
			}
		}
	}
	if hint := yamlHints[msg]; hint != "" {
		msg += "; " + hint
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
		var merged []Member
		for i := 0; i+1 < len(y.Content); i += 2 {
			k, v := y.Content[i], y.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return nil, c.errAt(k, "mapping keys must be plain strings")
			}
			if k.ShortTag() == "!!merge" {
				ms, err := c.mergeMembers(v, depth+1)
				if err != nil {
					return nil, err
				}
				merged = append(merged, ms...)
				continue
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
		// Merged keys come after the mapping's own, which win over them;
		// of two merged mappings the first wins (YAML merge key type).
		for _, m := range merged {
			if _, ok := seen[m.Key]; !ok {
				if seen == nil {
					seen = map[string]int{}
				}
				seen[m.Key] = len(n.Members)
				n.Members = append(n.Members, m)
			}
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

// mergeMembers returns the members a merge key (<<: *defaults) brings in:
// those of a mapping, or of each mapping of a list, in order. JSON has no
// merge key: a YAML-to-JSON converter applies it, and so must this one, or
// "<<" would be linted as a field of the state.
func (c *yamlConverter) mergeMembers(v *yaml.Node, depth int) ([]Member, error) {
	val, err := c.convert(v, depth)
	if err != nil {
		return nil, err
	}
	sources := []*Node{val}
	if val.Kind == Array {
		sources = val.Elems
	}
	var out []Member
	for _, src := range sources {
		if src.Kind != Object {
			return nil, c.errAt(v, "the value of the merge key << must be a mapping or a list of mappings (such as *defaults)")
		}
		out = append(out, src.Members...)
	}
	return out, nil
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
// The start is where YAML puts it: at the tag or anchor when there is one.
func (c *yamlConverter) scalarRange(y *yaml.Node) Range {
	start := c.src.PosAtLineCol(y.Line, y.Column)
	text := c.src.Text
	off, propsEnd := skipProperties(text, start.Offset)
	var end int
	switch {
	case y.Style&yaml.DoubleQuotedStyle != 0:
		end = scanQuoted(text, off, '"')
	case y.Style&yaml.SingleQuotedStyle != 0:
		end = scanQuoted(text, off, '\'')
	case y.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		for off < len(text) && isYAMLBlank(text[off]) {
			off++ // the indicator can be on the line after the tag
		}
		var ok bool
		if end, ok = blockScalarEnd(text, off, y.Value); !ok {
			// Not traced (a line break YAML knows and the source index
			// does not, such as U+2028): the block has as many lines as
			// its content, after the indicator line.
			lines := strings.Count(strings.TrimRight(y.Value, "\n"), "\n") + 1
			end = lineEnd(text, c.src.PosAtLineCol(min(start.Line+lines, c.src.LineCount()), 1).Offset)
		}
	case y.Value == "":
		end = propsEnd // a value left empty (null), or just a tag: !Ref
	default:
		end = plainScalarEnd(text, off, y.Value)
	}
	return Range{Start: start, End: c.src.PosAt(max(end, start.Offset))}
}

// skipProperties skips the tag (!Ref) and anchor (&name) written before a
// value at off. It returns where the value may start, past the spaces after
// them, and where the last of them ends.
func skipProperties(text []byte, off int) (valueStart, propsEnd int) {
	propsEnd = off
	for off < len(text) && (text[off] == '!' || text[off] == '&') {
		for off < len(text) && !isYAMLBlank(text[off]) {
			off++
		}
		propsEnd = off
		for off < len(text) && (text[off] == ' ' || text[off] == '\t') {
			off++
		}
	}
	return off, propsEnd
}

func isYAMLBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// plainScalarEnd is the end of a plain scalar whose text starts at off. A
// plain scalar can run over several lines, which YAML folds into spaces.
func plainScalarEnd(text []byte, off int, value string) int {
	if end, ok := matchFolded(text, off, value); ok {
		return end
	}
	return lineEnd(text, off)
}

// blockScalarEnd is the end of a literal (|) or folded (>) block scalar
// whose indicator is at off: the end of its last non-blank character, or of
// the indicator when the block is empty. It reports false when the value
// cannot be traced in the source.
func blockScalarEnd(text []byte, off int, value string) (int, bool) {
	header := off + 1 // past | or >
	for header < len(text) && (text[header] == '-' || text[header] == '+' || (text[header] >= '1' && text[header] <= '9')) {
		header++
	}
	value = strings.TrimLeft(value, " \t\n")
	if value == "" {
		return header, true
	}
	// The content starts on the line after the indicator, which may end
	// with a comment.
	return matchFolded(text, lineEnd(text, header), value)
}

// matchFolded matches value against the source text from off, skipping
// blanks first, and returns the offset just past the value's last non-blank
// character. Plain and block scalars have no escapes: the value is the
// source with indentation stripped and line breaks folded, so every
// non-blank character is in the source in order and any run of blanks in
// the value stands for a run of blanks and line breaks there.
func matchFolded(text []byte, off int, value string) (int, bool) {
	i, end := off, off
	for j := 0; j < len(value); {
		if isYAMLBlank(value[j]) {
			for j < len(value) && isYAMLBlank(value[j]) {
				j++
			}
			if j == len(value) {
				break
			}
			if i >= len(text) || !isYAMLBlank(text[i]) {
				return 0, false
			}
			for i < len(text) && isYAMLBlank(text[i]) {
				i++
			}
			continue
		}
		if i == off {
			for i < len(text) && isYAMLBlank(text[i]) {
				i++
			}
		}
		if i >= len(text) || text[i] != value[j] {
			return 0, false
		}
		i, j, end = i+1, j+1, i+1
	}
	return end, true
}

// lineEnd is the offset of the line break that ends the line at off.
func lineEnd(text []byte, off int) int {
	for off < len(text) && text[off] != '\n' && text[off] != '\r' {
		off++
	}
	return off
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
