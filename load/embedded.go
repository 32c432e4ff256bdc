package load

import (
	"errors"
	"fmt"
	"strings"

	"github.com/sfnsim/sfnsim/asl"
)

// maxDefinitionText bounds the text assembled for one definition. AWS
// accepts definitions of up to 1,048,576 characters; substitutions that
// expand far beyond that (a variable used thousands of times) are hostile
// or broken input, not something to lint.
const maxDefinitionText = 8 << 20

// parseEmbedded parses a definition that a template or Terraform file holds
// as text (a DefinitionString, a heredoc, a jsonencode call turned into
// JSON). text maps into src, the file at def.Path; anchor is the offset of
// the value that holds the text, for problems that have no better place.
// A definition that does not parse is an *asl.SyntaxError at its place in
// the file.
func parseEmbedded(def *Definition, text *mappedText, src *asl.Source, anchor int) (*Definition, error) {
	if text.len() > maxDefinitionText {
		return nil, &asl.SyntaxError{Path: def.Path, Pos: src.PosAt(anchor),
			Msg: fmt.Sprintf("the definition of %s expands to more than %d bytes; AWS accepts at most 1,048,576 characters", def.Resource, maxDefinitionText)}
	}
	text = quotePlaceholders(text)
	doc, err := asl.ParseJSON(def.Path, text.text)
	if err != nil {
		var se *asl.SyntaxError
		if !errors.As(err, &se) {
			return nil, err
		}
		return nil, embeddedError(def, text, src, anchor, se.Pos, se.Msg)
	}
	if doc.Root.Kind != asl.Object {
		return nil, embeddedError(def, text, src, anchor, doc.Root.Range.Start,
			fmt.Sprintf("the definition of %s is a JSON %s; a state machine is a JSON object with \"StartAt\" and \"States\"", def.Resource, doc.Root.Kind))
	}
	def.Doc, def.Root, def.mapRange = doc, doc.Root, text.locator(src)
	return def, nil
}

// embeddedError is a syntax error at pos in the embedded text, placed in the
// file. When the place is only approximate, the message says where in the
// definition text the problem is.
func embeddedError(def *Definition, text *mappedText, src *asl.Source, anchor int, pos asl.Pos, msg string) error {
	off, exact := text.startOf(pos.Offset)
	if text.len() == 0 {
		off = anchor
	}
	if !exact {
		msg += fmt.Sprintf(" (at %d:%d of the definition text of %s)", pos.Line, pos.Col, def.Resource)
	}
	return &asl.SyntaxError{Path: def.Path, Pos: src.PosAt(off), Msg: msg}
}

// quotePlaceholders puts quotes around the ${…} placeholders that stand
// where a JSON value is expected ("MaxConcurrency": ${Limit}): a
// substitution that is unknown at lint time would otherwise make the text
// unparsable. Such a value becomes a placeholder string, which the linter
// treats as opaque.
func quotePlaceholders(m *mappedText) *mappedText {
	s := m.text
	var edits []edit
	inString := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if inString {
			if c == '\\' {
				i++
			} else if c == '"' {
				inString = false
			}
			continue
		}
		if c == '"' {
			inString = true
			continue
		}
		if c != '$' || i+1 >= len(s) || s[i+1] != '{' {
			continue
		}
		depth, j := 0, i+1
		for ; j < len(s); j++ {
			if s[j] == '{' {
				depth++
			} else if s[j] == '}' {
				depth--
				if depth == 0 {
					break
				}
			} else if s[j] == '"' || s[j] == '\n' {
				break
			}
		}
		if j == len(s) || s[j] != '}' {
			// Not a placeholder; go on after what was scanned, so that a
			// run of unclosed ${ stays linear.
			i = j - 1
			continue
		}
		edits = append(edits, edit{start: i, end: i, text: `"`}, edit{start: j + 1, end: j + 1, text: `"`, after: true})
		i = j
	}
	return m.rewrite(edits)
}

// placeholder is the opaque string that stands for a value unknown at lint
// time: ${what}, with characters that would break a JSON string or the
// placeholder itself replaced, and shortened to keep messages readable.
func placeholder(what string) string {
	var b strings.Builder
	space := false
	for _, r := range what {
		switch {
		case r == '"':
			r = '\''
		case r == '\\':
			r = '/'
		case r == '{':
			r = '('
		case r == '}':
			r = ')'
		case r < ' ' || r == ' ':
			if space {
				continue
			}
			space, r = true, ' '
			b.WriteRune(r)
			continue
		}
		space = false
		b.WriteRune(r)
		if b.Len() > 80 {
			b.WriteString("…")
			break
		}
	}
	return "${" + strings.TrimSpace(b.String()) + "}"
}

// substitute replaces the ${Name} placeholders whose Name has a value in
// subs, as Step Functions does with DefinitionSubstitutions before it
// creates the state machine.
func substitute(m *mappedText, subs map[string]string) *mappedText {
	if len(subs) == 0 {
		return m
	}
	var edits []edit
	size := m.len()
	s := string(m.text)
	for i := 0; ; {
		k := strings.Index(s[i:], "${")
		if k < 0 {
			break
		}
		k += i
		end := strings.IndexByte(s[k:], '}')
		if end < 0 {
			break
		}
		end += k
		if v, ok := subs[s[k+2:end]]; ok {
			size += len(v) - (end + 1 - k)
			if size > maxDefinitionText {
				break
			}
			edits = append(edits, edit{start: k, end: end + 1, text: v})
		}
		i = end + 1
	}
	return m.rewrite(edits)
}

// substituteString is substitute for a string value of a definition held as
// a tree (a template's Definition object, a referenced file).
func substituteString(s string, subs map[string]string) string {
	if len(subs) == 0 || !strings.Contains(s, "${") {
		return s
	}
	m := &mappedText{}
	m.addLiteral(s, 0)
	return string(substitute(m, subs).text)
}
