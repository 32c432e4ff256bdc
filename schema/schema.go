// Package schema holds sfnsim's own JSON Schema (draft-07) for the Amazon States Language and validates
// state machine definitions against it.
//
// The schema checks structure and value types only: which fields a state, retrier, catcher, Choice rule or
// Distributed Map block may have, their JSON types, enums and numeric ranges. Rules that need more than one
// field or more than one state (Next xor End, exclusive pairs, transitions, reachability, which query
// language a state is in) belong to package lint.
//
// The same file is printed by `sfnsim schema` for editors, so it carries titles and descriptions.
package schema

import (
	_ "embed"
	"fmt"
	"sync"

	"github.com/xeipuuv/gojsonschema"
)

// Source is the JSON Schema document (draft-07) for Amazon States Language definitions.
//
//go:embed asl.schema.json
var Source []byte

// Violation is one schema error in a state machine definition.
type Violation struct {
	// Pointer is an RFC 6901 JSON pointer to the offending member: the unknown field itself
	// (/States/A/Nxt), the object that lacks a required field (/States/A), or the bad value.
	Pointer string
	// Keyword is the JSON Schema keyword that failed: required, additionalProperties, enum, type,
	// minimum, maximum, minItems, pattern, maxLength, ...
	Keyword string
	// Field is the field name concerned (the missing, unknown or invalid field), or "" when the
	// problem is not about a field (a state that is not an object, a state name).
	Field string
	// Message says what is wrong and what to do, in sfnsim's diagnostic style.
	Message string
}

func (v Violation) String() string {
	return v.Pointer + ": " + v.Message + " [" + v.Keyword + "]"
}

// compiled is everything derived from Source, built once.
type compiled struct {
	schema *gojsonschema.Schema
	index  *index
}

var load = sync.OnceValues(func() (*compiled, error) {
	sl := gojsonschema.NewSchemaLoader()
	sl.Draft = gojsonschema.Draft7
	sl.AutoDetect = false
	s, err := sl.Compile(gojsonschema.NewBytesLoader(Source))
	if err != nil {
		return nil, fmt.Errorf("compile asl.schema.json: %w", err)
	}
	ix, err := newIndex(Source)
	if err != nil {
		return nil, err
	}
	return &compiled{schema: s, index: ix}, nil
})

func mustLoad() *compiled {
	c, err := load()
	if err != nil {
		// The schema is embedded and covered by the package tests: failing here is a build defect,
		// not a property of the user's input.
		panic("schema: " + err.Error())
	}
	return c
}

// Validate checks a state machine definition against the schema. doc is a value decoded by
// encoding/json with Decoder.UseNumber (map[string]any, []any, json.Number, string, bool, nil); other
// Go values are accepted but cost a JSON round trip. The result is sorted by pointer and message and has
// no duplicates; it is nil when the definition conforms.
//
// Validate is safe for concurrent use.
func Validate(doc any) []Violation {
	c := mustLoad()
	orig := doc
	doc, err := prepare(doc)
	if err != nil {
		return []Violation{{Keyword: "type", Message: "definition cannot be read as JSON: " + err.Error()}}
	}
	res, err := c.schema.Validate(docLoader{JSONLoader: unusedLoader, doc: doc})
	if err != nil {
		// docLoader.LoadJSON never fails; keep the error visible rather than dropping it.
		return []Violation{{Keyword: "type", Message: "definition cannot be validated: " + err.Error()}}
	}
	if res.Valid() {
		return nil
	}
	return c.translate(doc, orig, res.Errors())
}

// docLoader hands an already decoded document to gojsonschema. Its Go loader would marshal the value
// to JSON and decode it again on every call; the embedded loader only supplies the methods Validate
// never uses.
type docLoader struct {
	gojsonschema.JSONLoader
	doc any
}

var unusedLoader = gojsonschema.NewGoLoader(nil)

func (l docLoader) LoadJSON() (any, error) { return l.doc, nil }
