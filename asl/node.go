package asl

import (
	"encoding/json"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Kind is the JSON type of a Node.
type Kind uint8

// The JSON types. YAML values are mapped onto them.
const (
	Null Kind = iota
	Bool
	Number
	String
	Object
	Array
)

var kindNames = [...]string{"null", "boolean", "number", "string", "object", "array"}

func (k Kind) String() string { return kindNames[k] }

// Node is one JSON value with its source range. Objects keep their members in
// source order, duplicates included, because Go's decoder silently keeps the
// last of two equal keys and AWS's does not accept them.
type Node struct {
	Kind Kind
	// Str holds a String's value, or a Number's literal text (kept exact, so
	// that 1.0 and 1, or integers above 2^53, can be told apart).
	Str     string
	Bool    bool
	Members []Member // Object
	Elems   []*Node  // Array
	Range   Range
	// Tag is the YAML tag when one was written (!Sub, !Ref …); CloudFormation
	// templates need it.
	Tag string

	Parent *Node
	// key or index in Parent.
	key   string
	index int
}

// Member is one key of an Object.
type Member struct {
	Key      string
	KeyRange Range
	Value    *Node
}

// Get returns the value of key in an Object, or nil. When a key is repeated
// the last one wins, as it does in AWS's parser for the value it keeps.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Object {
		return nil
	}
	for i := len(n.Members) - 1; i >= 0; i-- {
		if n.Members[i].Key == key {
			return n.Members[i].Value
		}
	}
	return nil
}

// Has reports whether an Object has key.
func (n *Node) Has(key string) bool { return n.Get(key) != nil }

// Member returns the member for key (the last when repeated), or nil.
func (n *Node) Member(key string) *Member {
	if n == nil || n.Kind != Object {
		return nil
	}
	for i := len(n.Members) - 1; i >= 0; i-- {
		if n.Members[i].Key == key {
			return &n.Members[i]
		}
	}
	return nil
}

// StringValue returns the value when n is a String.
func (n *Node) StringValue() (string, bool) {
	if n == nil || n.Kind != String {
		return "", false
	}
	return n.Str, true
}

// GetString returns the String value of key, or "".
func (n *Node) GetString(key string) string {
	s, _ := n.Get(key).StringValue()
	return s
}

// IsTrue reports whether n is the boolean true.
func (n *Node) IsTrue() bool { return n != nil && n.Kind == Bool && n.Bool }

// Float returns a Number's value.
func (n *Node) Float() (float64, bool) {
	if n == nil || n.Kind != Number {
		return 0, false
	}
	f, err := strconv.ParseFloat(n.Str, 64)
	return f, err == nil || math.IsInf(f, 0)
}

// Int returns a Number's value when it is a whole number that fits in an
// int64. "2.0" counts as whole, as it does for JSON Schema's "integer".
func (n *Node) Int() (int64, bool) {
	if n == nil || n.Kind != Number {
		return 0, false
	}
	if i, err := strconv.ParseInt(n.Str, 10, 64); err == nil {
		return i, true
	}
	r, ok := new(big.Rat).SetString(n.Str)
	if !ok || !r.IsInt() || !r.Num().IsInt64() {
		return 0, false
	}
	return r.Num().Int64(), true
}

// IsInteger reports whether a Number is a whole number (of any size).
func (n *Node) IsInteger() bool {
	if n == nil || n.Kind != Number {
		return false
	}
	r, ok := new(big.Rat).SetString(n.Str)
	return ok && r.IsInt()
}

// Pointer returns the RFC 6901 JSON pointer of n from the root it was parsed
// with ("" for the root itself).
func (n *Node) Pointer() string {
	var parts []string
	for c := n; c != nil && c.Parent != nil; c = c.Parent {
		if c.Parent.Kind == Array {
			parts = append(parts, strconv.Itoa(c.index))
		} else {
			parts = append(parts, EscapePointerToken(c.key))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		b.WriteByte('/')
		b.WriteString(parts[i])
	}
	return b.String()
}

// Key is the member name under which n sits in its parent Object.
func (n *Node) Key() string { return n.key }

// Index is n's position in its parent Array.
func (n *Node) Index() int { return n.index }

// RFC 6901 escaping of a reference token: "~" is "~0" and "/" is "~1".
var (
	pointerEscaper   = strings.NewReplacer("~", "~0", "/", "~1")
	pointerUnescaper = strings.NewReplacer("~1", "/", "~0", "~")
)

// EscapePointerToken escapes one reference token for a JSON pointer.
func EscapePointerToken(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return pointerEscaper.Replace(s)
}

// Lookup resolves an RFC 6901 pointer relative to n. It returns nil when the
// pointer does not lead to a value (or n is nil).
func (n *Node) Lookup(pointer string) *Node {
	if pointer == "" || n == nil {
		return n
	}
	if pointer[0] != '/' {
		return nil
	}
	cur := n
	for _, tok := range strings.Split(pointer[1:], "/") {
		tok = pointerUnescaper.Replace(tok)
		switch cur.Kind {
		case Object:
			cur = cur.Get(tok)
		case Array:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(cur.Elems) {
				return nil
			}
			cur = cur.Elems[i]
		default:
			return nil
		}
		if cur == nil {
			return nil
		}
	}
	return cur
}

// Interface converts n to the values encoding/json produces with UseNumber:
// map[string]any, []any, json.Number, string, bool and nil. Repeated keys keep
// the last value.
func (n *Node) Interface() any {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case Bool:
		return n.Bool
	case Number:
		return json.Number(n.Str)
	case String:
		return n.Str
	case Object:
		m := make(map[string]any, len(n.Members))
		for _, mem := range n.Members {
			m[mem.Key] = mem.Value.Interface()
		}
		return m
	case Array:
		a := make([]any, len(n.Elems))
		for i, e := range n.Elems {
			a[i] = e.Interface()
		}
		return a
	}
	return nil
}

// Walk calls fn for n and every value below it, depth first, in source
// order. Returning false from fn skips the children of that value.
func (n *Node) Walk(fn func(*Node) bool) {
	if n == nil || !fn(n) {
		return
	}
	switch n.Kind {
	case Object:
		for _, m := range n.Members {
			m.Value.Walk(fn)
		}
	case Array:
		for _, e := range n.Elems {
			e.Walk(fn)
		}
	}
}

// adopt sets the parent links of n's children. Parsers call it once a
// container is complete.
func (n *Node) adopt() {
	switch n.Kind {
	case Object:
		for _, m := range n.Members {
			m.Value.Parent, m.Value.key = n, m.Key
		}
	case Array:
		for i, e := range n.Elems {
			e.Parent, e.index = n, i
		}
	}
}

// Detach makes n a root: its Pointer() is computed from n from then on. The
// template extractors use it for a definition embedded in a larger document.
func (n *Node) Detach() { n.Parent = nil }
