package schema

import (
	"encoding/json"
	"fmt"
	"github.com/sfnsim/sfnsim/internal/suggest"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xeipuuv/gojsonschema"
)

// keywords maps gojsonschema's error types to the JSON Schema keyword that failed.
var keywords = map[string]string{
	"required":                        "required",
	"invalid_type":                    "type",
	"enum":                            "enum",
	"const":                           "const",
	"additional_property_not_allowed": "additionalProperties",
	"invalid_property_name":           "propertyNames",
	"number_gte":                      "minimum",
	"number_gt":                       "exclusiveMinimum",
	"number_lte":                      "maximum",
	"number_lt":                       "exclusiveMaximum",
	"multiple_of":                     "multipleOf",
	"string_gte":                      "minLength",
	"string_lte":                      "maxLength",
	"pattern":                         "pattern",
	"format":                          "format",
	"array_min_items":                 "minItems",
	"array_max_items":                 "maxItems",
	"unique":                          "uniqueItems",
	"contains":                        "contains",
	"array_no_additional_items":       "additionalItems",
	"array_min_properties":            "minProperties",
	"array_max_properties":            "maxProperties",
	"missing_dependency":              "dependencies",
	"number_any_of":                   "anyOf",
	"number_one_of":                   "oneOf",
	"number_all_of":                   "allOf",
	"number_not":                      "not",
	"condition_then":                  "then",
	"condition_else":                  "else",
	"false":                           "false",
	"internal":                        "internal",
}

// aggregates are errors that only say a sub-schema failed; gojsonschema reports the sub-schema's own
// errors next to them, which say more.
var aggregates = map[string]bool{
	"number_any_of":  true,
	"number_one_of":  true,
	"number_all_of":  true,
	"condition_then": true,
	"condition_else": true,
	"contains":       true,
}

// contextSep joins the segments of gojsonschema's error context. Member names may contain any
// character, so splitContext resolves the joined string against the document instead of splitting it.
const contextSep = "\x00"

// located is a gojsonschema error with its place in the document and in the schema.
type located struct {
	err    gojsonschema.ResultError
	segs   []string // path from the root to the error's context
	nodes  []node   // schema node for the root and each segment
	values []any    // document value for the root and each segment
	shown  any      // the value at the error as the caller gave it
}

// translate turns gojsonschema's errors about doc into violations. orig is the document as the caller
// passed it, before prepare: messages quote its values, not prepare's stand-ins.
func (c *compiled) translate(doc, orig any, errs []gojsonschema.ResultError) []Violation {
	var (
		out        []Violation
		aggregated []located
		// names failing a propertyNames schema, by context: the sub-errors for them are about the
		// member name, not the member's value.
		badNames = map[string]map[string]bool{}
	)
	for _, e := range errs {
		if e.Type() == "invalid_property_name" {
			ctx := e.Context().String(contextSep)
			if badNames[ctx] == nil {
				badNames[ctx] = map[string]bool{}
			}
			badNames[ctx][fmt.Sprint(e.Details()["property"])] = true
		}
	}
	for _, e := range errs {
		segs, ok := splitContext(doc, e.Context().String(contextSep))
		if !ok {
			// Cannot happen for errors about doc; keep the error rather than lose it.
			out = append(out, Violation{Keyword: keyword(e), Message: e.Description()})
			continue
		}
		nodes, values := c.index.walk(doc, segs)
		l := located{err: e, segs: segs, nodes: nodes, values: values, shown: values[len(values)-1]}
		if v, ok := lookup(orig, segs); ok {
			l.shown = v
		}
		switch {
		case aggregates[e.Type()]:
			aggregated = append(aggregated, l)
		case e.Type() == "invalid_property_name":
			// Reported through its sub-errors below.
		case isBadName(badNames, e):
			out = append(out, c.nameViolation(l))
		default:
			out = append(out, c.violation(l))
		}
	}
	// An aggregate stays only when nothing more precise was reported at or below it.
	covered := map[string]bool{}
	for _, v := range out {
		for p := v.Pointer; ; p = p[:strings.LastIndexByte(p, '/')] {
			covered[p] = true
			if p == "" {
				break
			}
		}
	}
	for _, a := range aggregated {
		if p := pointer(a.segs); !covered[p] {
			out = append(out, Violation{
				Pointer: p,
				Keyword: keyword(a.err),
				Message: subject(a) + " does not match the schema",
			})
		}
	}
	slices.SortFunc(out, func(a, b Violation) int {
		if c := strings.Compare(a.Pointer, b.Pointer); c != 0 {
			return c
		}
		if c := strings.Compare(a.Message, b.Message); c != 0 {
			return c
		}
		return strings.Compare(a.Keyword, b.Keyword)
	})
	return slices.Compact(out)
}

func isBadName(badNames map[string]map[string]bool, e gojsonschema.ResultError) bool {
	names := badNames[e.Context().String(contextSep)]
	s, isString := e.Value().(string)
	if names == nil || !isString || !names[s] {
		return false
	}
	switch e.Type() {
	case "string_lte", "string_gte", "pattern", "format", "enum", "const":
		return true
	}
	return false
}

func keyword(e gojsonschema.ResultError) string {
	if k, ok := keywords[e.Type()]; ok {
		return k
	}
	return e.Type()
}

// nameViolation reports a member name that fails propertyNames (a state name over 80 characters).
func (c *compiled) nameViolation(l located) Violation {
	name := l.err.Value().(string)
	what := "name"
	if l.nodes[len(l.nodes)-1].def == "states" {
		what = "state name"
	}
	v := Violation{Pointer: pointer(append(slices.Clone(l.segs), name)), Keyword: keyword(l.err)}
	d := l.err.Details()
	switch l.err.Type() {
	case "string_lte":
		v.Message = fmt.Sprintf("%s %s is longer than %s characters; shorten it", what, quote(name), detail(d, "max"))
	default:
		v.Message = fmt.Sprintf("%s %s is not valid", what, quote(name))
	}
	return v
}

func (c *compiled) violation(l located) Violation {
	e := l.err
	d := e.Details()
	v := Violation{Pointer: pointer(l.segs), Keyword: keyword(e), Field: field(l)}
	here := l.nodes[len(l.nodes)-1]
	value := l.shown
	subj := subject(l)
	switch e.Type() {
	case "required":
		v.Field = fmt.Sprint(d["property"])
		v.Message = fmt.Sprintf("%s needs %s", here.label(lastSeg(l.segs)), quote(v.Field))
	case "additional_property_not_allowed":
		name := fmt.Sprint(d["property"])
		v.Pointer = pointer(append(slices.Clone(l.segs), name))
		v.Field = name
		v.Message = c.unknownField(here, lastSeg(l.segs), name)
	case "missing_dependency":
		v.Message = fmt.Sprintf("%s needs %s", here.label(lastSeg(l.segs)), quote(fmt.Sprint(d["dependency"])))
	case "invalid_type", "pattern":
		if what := here.accepts(); what != "" {
			v.Message = fmt.Sprintf("%s must be %s, not %s", subj, what, describe(value))
		} else if e.Type() == "pattern" {
			v.Message = fmt.Sprintf("%s must match the pattern %s, not %s", subj, quote(detail(d, "pattern")), describe(value))
		} else {
			v.Message = fmt.Sprintf("%s must be %s, not %s", subj, typeWords(detail(d, "expected")), describe(value))
		}
	case "enum":
		v.Message = fmt.Sprintf("%s must be one of %s, not %s", subj, detail(d, "allowed"), describe(value))
	case "const":
		v.Message = fmt.Sprintf("%s must be %s, not %s", subj, detail(d, "allowed"), describe(value))
	case "number_gte":
		v.Message = fmt.Sprintf("%s must be at least %s, not %s", subj, detail(d, "min"), describe(value))
	case "number_gt":
		v.Message = fmt.Sprintf("%s must be greater than %s, not %s", subj, detail(d, "min"), describe(value))
	case "number_lte":
		v.Message = fmt.Sprintf("%s must be at most %s, not %s", subj, detail(d, "max"), describe(value))
	case "number_lt":
		v.Message = fmt.Sprintf("%s must be less than %s, not %s", subj, detail(d, "max"), describe(value))
	case "multiple_of":
		v.Message = fmt.Sprintf("%s must be a multiple of %s, not %s", subj, detail(d, "multiple"), describe(value))
	case "array_min_items":
		v.Message = atLeast(subj, "must not be empty", "needs at least %s entries", detail(d, "min"))
	case "array_max_items":
		v.Message = fmt.Sprintf("%s must have at most %s entries", subj, detail(d, "max"))
	case "array_min_properties":
		v.Message = atLeast(subj, "must not be empty", "needs at least %s fields", detail(d, "min"))
	case "array_max_properties":
		v.Message = fmt.Sprintf("%s must have at most %s fields", subj, detail(d, "max"))
	case "string_gte":
		v.Message = atLeast(subj, "must not be empty", "must be at least %s characters long", detail(d, "min"))
	case "string_lte":
		v.Message = fmt.Sprintf("%s must be at most %s characters long", subj, detail(d, "max"))
	case "unique":
		v.Message = fmt.Sprintf("%s must not repeat entries", subj)
	case "format":
		v.Message = fmt.Sprintf("%s must be a valid %s, not %s", subj, detail(d, "format"), describe(value))
	case "false", "number_not":
		v.Message = fmt.Sprintf("%s is not allowed here; remove it", subj)
	case "array_no_additional_items":
		v.Message = fmt.Sprintf("%s has too many entries", subj)
	default:
		v.Message = subj + ": " + e.Description()
	}
	return v
}

func atLeast(subj, empty, more, min string) string {
	if min == "1" {
		return subj + " " + empty
	}
	return subj + " " + fmt.Sprintf(more, min)
}

// unknownField words a field the object's schema does not declare.
func (c *compiled) unknownField(obj node, seg, name string) string {
	label := obj.label(seg)
	if c.index.known[name] {
		// A real ASL field in the wrong place, such as Parameters in a Choice state: a spelling
		// suggestion ("End" -> "And" in a Choice rule) would mislead.
		if name == "Next" && obj.def == "nestedChoiceRule" {
			return `nested Choice rule does not allow "Next"; only top-level Choice rules transition, so remove it`
		}
		return fmt.Sprintf("%s does not allow %s; remove it", label, quote(name))
	}
	if s := suggest.Closest(name, obj.fieldNames()); s != "" {
		return fmt.Sprintf("unknown field %s in %s; did you mean %s?", quote(name), label, quote(s))
	}
	return fmt.Sprintf("unknown field %s in %s; remove it or correct its name", quote(name), label)
}

// subject names the value an error is about: "\"TimeoutSeconds\"", "state \"A\"", "each entry of
// \"ErrorEquals\"", or "state machine" for the document itself.
func subject(l located) string {
	n := len(l.segs)
	if n == 0 {
		return "state machine"
	}
	parentNode, parent := l.nodes[n-1], l.values[n-1]
	if _, isArray := parent.([]any); isArray {
		if n >= 2 {
			return "each entry of " + quote(l.segs[n-2])
		}
		return "each entry"
	}
	if parentNode.def == "states" {
		return "state " + quote(l.segs[n-1])
	}
	return quote(l.segs[n-1])
}

// field is the name of the field a value error is about; entries of an array belong to the array's
// field, and states are not fields.
func field(l located) string {
	n := len(l.segs)
	if n == 0 {
		return ""
	}
	if _, isArray := l.values[n-1].([]any); isArray {
		if n >= 2 {
			return l.segs[n-2]
		}
		return ""
	}
	if l.nodes[n-1].def == "states" {
		return ""
	}
	return l.segs[n-1]
}

func lastSeg(segs []string) string {
	if len(segs) == 0 {
		return ""
	}
	return segs[len(segs)-1]
}

func detail(d gojsonschema.ErrorDetails, key string) string {
	switch v := d[key].(type) {
	case *big.Float:
		return v.Text('f', -1)
	case nil:
		return ""
	default:
		return fmt.Sprint(v)
	}
}

// typeWords turns gojsonschema's "expected" detail ("integer" or "[integer,string]") into words.
func typeWords(expected string) string {
	var parts []string
	for _, t := range strings.Split(strings.Trim(expected, "[]"), ",") {
		switch t {
		case "integer", "object", "array":
			parts = append(parts, "a"+article(t)+" "+t)
		case "boolean":
			parts = append(parts, "a boolean")
		case "null":
			parts = append(parts, "null")
		default:
			parts = append(parts, "a "+t)
		}
	}
	return joinOr(parts)
}

// describe shows a document value in a message: scalars as JSON, containers by kind.
func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(v)
	case json.Number:
		return shorten(string(v))
	case string:
		return quote(v)
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	}
	return fmt.Sprint(v)
}

// quote quotes a user value for a message, shortening very long ones.
func quote(s string) string {
	return strconv.Quote(shorten(s))
}

func shorten(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max-3]) + "..."
	}
	return s
}

// pointer renders segments as an RFC 6901 JSON pointer.
func pointer(segs []string) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteByte('/')
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1"))
	}
	return b.String()
}

// member returns v's member seg (an object key or an array index), or nil.
func member(v any, seg string) any {
	m, _ := memberOK(v, seg)
	return m
}

func memberOK(v any, seg string) (any, bool) {
	switch v := v.(type) {
	case map[string]any:
		m, ok := v[seg]
		return m, ok
	case []any:
		i, err := strconv.Atoi(seg)
		if err == nil && i >= 0 && i < len(v) {
			return v[i], true
		}
	}
	return nil, false
}

// lookup follows segs from v; it fails on values that are not plain decoded JSON.
func lookup(v any, segs []string) (any, bool) {
	for _, seg := range segs {
		var ok bool
		if v, ok = memberOK(v, seg); !ok {
			return nil, false
		}
	}
	return v, true
}

// splitContext turns gojsonschema's context string, "(root)" followed by each member name preceded by
// contextSep, back into segments by matching names against doc.
func splitContext(doc any, ctx string) ([]string, bool) {
	const root = "(root)"
	if !strings.HasPrefix(ctx, root) {
		return nil, false
	}
	return splitRest(doc, ctx[len(root):])
}

func splitRest(v any, rest string) ([]string, bool) {
	if rest == "" {
		return []string{}, true
	}
	if !strings.HasPrefix(rest, contextSep) {
		return nil, false
	}
	rest = rest[len(contextSep):]
	switch v := v.(type) {
	case map[string]any:
		// The name is a prefix of rest ending at a separator or at the end; a name that itself
		// contains the separator makes several prefixes possible, so try each.
		for i := 0; i <= len(rest); i++ {
			if i < len(rest) && !strings.HasPrefix(rest[i:], contextSep) {
				continue
			}
			name := rest[:i]
			if e, ok := v[name]; ok {
				if segs, ok := splitRest(e, rest[i:]); ok {
					return append([]string{name}, segs...), true
				}
			}
		}
	case []any:
		i := strings.Index(rest, contextSep)
		if i < 0 {
			i = len(rest)
		}
		n, err := strconv.Atoi(rest[:i])
		if err == nil && n >= 0 && n < len(v) {
			if segs, ok := splitRest(v[n], rest[i:]); ok {
				return append([]string{rest[:i]}, segs...), true
			}
		}
	}
	return nil, false
}
