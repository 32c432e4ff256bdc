package cost

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"
)

// pointerJoin appends one RFC 6901 reference token to a JSON pointer, so
// that error messages point at the exact field of the override to fix.
func pointerJoin(ptr, key string) string {
	key = strings.ReplaceAll(key, "~", "~0")
	key = strings.ReplaceAll(key, "/", "~1")
	return ptr + "/" + key
}

// reader decodes a generic JSON tree (from json.Decoder with UseNumber) and
// collects every problem with its JSON pointer, so one run of the CLI shows
// all mistakes in an override instead of one per attempt.
type reader struct {
	errs []error
}

func (rd *reader) fail(ptr, format string, args ...any) {
	if ptr == "" {
		ptr = "/"
	}
	rd.errs = append(rd.errs, fmt.Errorf("%s: "+format, append([]any{ptr}, args...)...))
}

func (rd *reader) err() error { return errors.Join(rd.errs...) }

// describe names a JSON value's type for "got ..." messages.
func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "the number " + v.String()
	case string:
		return fmt.Sprintf("the string %q", v)
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// object returns v as an object and rejects keys outside allowed (nil allows
// any key, for maps keyed by Region).
func (rd *reader) object(v any, ptr string, allowed ...string) map[string]any {
	m, ok := v.(map[string]any)
	if !ok {
		rd.fail(ptr, "expected an object, got %s", describe(v))
		return nil
	}
	if allowed != nil {
		for _, k := range sortedKeys(m) {
			if !slices.Contains(allowed, k) {
				rd.fail(pointerJoin(ptr, k), "unknown field; expected one of %s", strings.Join(allowed, ", "))
			}
		}
	}
	return m
}

// member returns m[key] or records that a required field is missing.
func (rd *reader) member(m map[string]any, ptr, key, want string) (any, bool) {
	v, ok := m[key]
	if !ok {
		rd.fail(pointerJoin(ptr, key), "missing; expected %s", want)
	}
	return v, ok
}

// str reads a required non-empty string field.
func (rd *reader) str(m map[string]any, ptr, key, example string) string {
	want := fmt.Sprintf("a string such as %q", example)
	v, ok := rd.member(m, ptr, key, want)
	if !ok {
		return ""
	}
	s, isStr := v.(string)
	if !isStr || s == "" {
		rd.fail(pointerJoin(ptr, key), "expected %s, got %s", want, describe(v))
	}
	return s
}

// decimal reads a required non-negative decimal field given either as a JSON
// string ("0.025", preferred because tools like jq keep it exact) or as a
// JSON number (kept exact by UseNumber).
func (rd *reader) decimal(m map[string]any, ptr, key, example string) *big.Rat {
	want := fmt.Sprintf("a non-negative decimal such as %q", example)
	v, ok := rd.member(m, ptr, key, want)
	if !ok {
		return nil
	}
	return rd.decimalValue(v, pointerJoin(ptr, key), want)
}

func (rd *reader) decimalValue(v any, ptr, want string) *big.Rat {
	var s string
	switch v := v.(type) {
	case string:
		s = v
	case json.Number:
		s = v.String()
	default:
		rd.fail(ptr, "expected %s, got %s", want, describe(v))
		return nil
	}
	r, err := parseDecimal(s)
	if err != nil {
		rd.fail(ptr, "expected %s, got %s", want, describe(v))
		return nil
	}
	return r
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
