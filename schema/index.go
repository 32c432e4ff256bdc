package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// index is a read-only view of asl.schema.json used to word violations: which fields an object may
// have (for "did you mean" and for naming the object), and what a field accepts (for "must be ...").
// gojsonschema reports where in the document an error is, not which part of the schema failed, so the
// index walks the schema along the document path itself.
type index struct {
	root  map[string]any
	defs  map[string]map[string]any
	known map[string]bool // every field name declared anywhere in the schema
	// patterns holds every "pattern" of the schema, compiled (specialize evaluates if-schemas).
	patterns map[string]*regexp.Regexp
}

// node is a schema object reached by walking; def names the definition it is ("#" for the root, "" for
// a schema written inline in another).
type node struct {
	m   map[string]any
	def string
}

func newIndex(src []byte) (*index, error) {
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	var root map[string]any
	if err := dec.Decode(&root); err != nil {
		return nil, fmt.Errorf("read asl.schema.json: %w", err)
	}
	ix := &index{
		root:     root,
		defs:     map[string]map[string]any{},
		known:    map[string]bool{},
		patterns: map[string]*regexp.Regexp{},
	}
	defs, _ := root["definitions"].(map[string]any)
	for name, d := range defs {
		m, ok := d.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("asl.schema.json: definition %q is not an object", name)
		}
		ix.defs[name] = m
	}
	if err := ix.collect(root); err != nil {
		return nil, err
	}
	return ix, nil
}

// collect records the field names and compiles the patterns found anywhere in the schema.
func (ix *index) collect(v any) error {
	switch v := v.(type) {
	case map[string]any:
		if props, ok := v["properties"].(map[string]any); ok {
			for k := range props {
				ix.known[k] = true
			}
		}
		if p, ok := v["pattern"].(string); ok {
			re, err := regexp.Compile(p)
			if err != nil {
				return fmt.Errorf("asl.schema.json: pattern %q: %w", p, err)
			}
			ix.patterns[p] = re
		}
		for _, e := range v {
			if err := ix.collect(e); err != nil {
				return err
			}
		}
	case []any:
		for _, e := range v {
			if err := ix.collect(e); err != nil {
				return err
			}
		}
	}
	return nil
}

// resolve follows local "#/definitions/..." references.
func (ix *index) resolve(m map[string]any, def string) node {
	for i := 0; m != nil && i < 16; i++ {
		ref, ok := m["$ref"].(string)
		if !ok {
			break
		}
		def = strings.TrimPrefix(ref, "#/definitions/")
		m = ix.defs[def]
	}
	return node{m: m, def: def}
}

// specialize follows the if/then/else chain by which the schema dispatches a state on its Type to the
// definition the value gets. Only that shape is understood: branches that are references or further
// conditions, and if-schemas made of "required" and "const" or "pattern" properties. Other conditions
// (such as the one requiring RoleArn in Credentials) constrain an object and leave its node as it is.
func (ix *index) specialize(n node, value any) node {
	cur := n
	for i := 0; i < 16; i++ {
		cond, ok := cur.m["if"].(map[string]any)
		if !ok {
			return n
		}
		if ix.satisfiesIf(cond, value) {
			then, ok := cur.m["then"].(map[string]any)
			if !ok || then["$ref"] == nil {
				return n
			}
			return ix.resolve(then, "")
		}
		next, ok := cur.m["else"].(map[string]any)
		if !ok || next["if"] == nil {
			// No branch applies (a state without a valid Type): the object keeps its own node.
			return n
		}
		cur = node{m: next}
	}
	return n
}

func (ix *index) satisfiesIf(cond map[string]any, value any) bool {
	obj, ok := value.(map[string]any)
	if !ok {
		return false
	}
	req, _ := cond["required"].([]any)
	for _, r := range req {
		name, _ := r.(string)
		if _, ok := obj[name]; !ok {
			return false
		}
	}
	props, _ := cond["properties"].(map[string]any)
	for name, p := range props {
		pm, _ := p.(map[string]any)
		got, present := obj[name]
		if !present {
			continue
		}
		if want, ok := pm["const"]; ok && fmt.Sprint(got) != fmt.Sprint(want) {
			return false
		}
		if pat, ok := pm["pattern"].(string); ok {
			s, isString := got.(string)
			if !isString || !ix.patterns[pat].MatchString(s) {
				return false
			}
		}
	}
	return true
}

// child is the schema of member seg of value (an object or array) described by n.
func (ix *index) child(n node, value any, seg string) node {
	if n.m == nil {
		return node{}
	}
	if _, isArray := value.([]any); isArray {
		if items, ok := n.m["items"].(map[string]any); ok {
			return ix.resolve(items, "")
		}
		return node{}
	}
	if props, ok := n.m["properties"].(map[string]any); ok {
		if p, ok := props[seg].(map[string]any); ok {
			return ix.resolve(p, "")
		}
	}
	if ap, ok := n.m["additionalProperties"].(map[string]any); ok {
		return ix.resolve(ap, "")
	}
	return node{}
}

// walk returns the schema nodes and document values along segs: nodes[0] and values[0] are the root,
// nodes[i] describes values[i], the member segs[i-1] of values[i-1].
func (ix *index) walk(doc any, segs []string) (nodes []node, values []any) {
	n := ix.specialize(node{m: ix.root, def: "#"}, doc)
	nodes = append(nodes, n)
	values = append(values, doc)
	v := doc
	for _, seg := range segs {
		next := member(v, seg)
		n = ix.specialize(ix.child(n, v, seg), next)
		nodes = append(nodes, n)
		values = append(values, next)
		v = next
	}
	return nodes, values
}

// fieldNames lists the fields an object schema declares, sorted.
func (n node) fieldNames() []string {
	props, _ := n.m["properties"].(map[string]any)
	names := make([]string, 0, len(props))
	for k := range props {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

func (n node) types() []string {
	switch t := n.m["type"].(type) {
	case string:
		return []string{t}
	case []any:
		out := make([]string, 0, len(t))
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func (n node) number(key string) (string, bool) {
	v, ok := n.m[key].(json.Number)
	return string(v), ok
}

// accepts describes in words what the schema node accepts, e.g. `a positive integer or a JSONata
// expression "{% ... %}"`; "" when the node says nothing about types.
func (n node) accepts() string {
	var parts []string
	for _, t := range n.types() {
		switch t {
		case "integer", "number":
			parts = append(parts, n.rangeWords(t))
		case "string":
			if p, ok := n.m["pattern"].(string); ok {
				if words, ok := patternWords[p]; ok {
					parts = append(parts, words)
					continue
				}
			}
			parts = append(parts, "a string")
		case "object":
			parts = append(parts, "an object")
		case "array":
			parts = append(parts, "an array")
		case "boolean":
			parts = append(parts, "a boolean")
		case "null":
			parts = append(parts, "null")
		}
	}
	return joinOr(parts)
}

func (n node) rangeWords(t string) string {
	lo, hasLo := n.number("minimum")
	hi, hasHi := n.number("maximum")
	switch {
	case hasLo && hasHi:
		return fmt.Sprintf("a%s %s from %s to %s", article(t), t, lo, hi)
	case t == "integer" && hasLo && lo == "1":
		return "a positive integer"
	case t == "integer" && hasLo && lo == "0":
		return "a non-negative integer"
	case hasLo:
		return fmt.Sprintf("a%s %s of at least %s", article(t), t, lo)
	case hasHi:
		return fmt.Sprintf("a%s %s of at most %s", article(t), t, hi)
	}
	return "a" + article(t) + " " + t
}

func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "n"
	}
	return ""
}

func joinOr(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

// Patterns used in asl.schema.json and how to say them. A test checks that every pattern the schema
// validates with is listed here.
const (
	jsonataPattern   = `^\{%[\s\S]*%\}$`
	timestampPattern = `^(?:\{%[\s\S]*%\}` + // JSONata
		`|[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?(?:Z|[+-][0-9]{2}:[0-9]{2})` + // RFC 3339
		`|[\s\S]*\$\{[\s\S]*)$` // template placeholder
)

var patternWords = map[string]string{
	jsonataPattern: `a JSONata expression "{% ... %}"`,
	// AWS rejects a Wait Timestamp without "T" or zone: "String does not match RFC3339 timestamp"
	// (asl-semantics.md section 2, OBS). Strings with ${...} are template placeholders.
	timestampPattern: `an RFC 3339 timestamp such as "2016-03-14T01:59:00Z" or a JSONata expression "{% ... %}"`,
}

// labels name the objects of the schema in messages ("Task state needs ...", "unknown field ... in
// retrier"). Definitions not listed use their title.
var labels = map[string]string{
	"#":                "state machine",
	"branch":           "Parallel branch",
	"state":            "state",
	"states":           "States",
	"retrier":          "retrier",
	"catcher":          "catcher",
	"choiceRule":       "Choice rule",
	"nestedChoiceRule": "nested Choice rule",
}

// label names the object described by n; seg is the member name it was reached by, which tells
// ItemProcessor from its deprecated alias Iterator.
func (n node) label(seg string) string {
	if n.def == "itemProcessor" && seg != "" {
		return seg
	}
	if l, ok := labels[n.def]; ok {
		return l
	}
	if t, ok := n.m["title"].(string); ok {
		return t
	}
	return "object"
}
