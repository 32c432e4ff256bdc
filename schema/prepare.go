package schema

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// gojsonschema reads numbers in two ways that fail on extreme literals: big.Rat (slow from about
// 1e99999, nil from about 1e10000000 or a million digits, which it then dereferences) and, for enum and
// const, a float64 round trip (an error it also dereferences past 1.8e308). No ASL field needs such
// numbers, so prepare replaces them by stand-ins within these bounds that keep what the schema can test:
// the sign, whether the value is an integer, its integer digits and its order of magnitude.
const (
	maxMagnitude = 300 // decimal exponent of the leading digit, well inside float64
	maxDigits    = 400 // significant digits kept exactly
	keptFraction = 40  // significant fraction digits kept when a long literal is shortened
)

// prepare returns doc in the shape gojsonschema walks (map[string]any, []any, json.Number, string, bool,
// nil) with bounded numbers. A conforming document, the normal case, is returned as is without copying.
func prepare(doc any) (any, error) {
	if conforms(doc) {
		return doc, nil
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return clampNumbers(v), nil
}

func conforms(v any) bool {
	switch v := v.(type) {
	case nil, bool, string:
		return true
	case json.Number:
		out, ok := boundNumber(string(v))
		return ok && out == string(v)
	case map[string]any:
		for _, e := range v {
			if !conforms(e) {
				return false
			}
		}
		return true
	case []any:
		for _, e := range v {
			if !conforms(e) {
				return false
			}
		}
		return true
	}
	return false
}

func clampNumbers(v any) any {
	switch v := v.(type) {
	case json.Number:
		if out, ok := boundNumber(string(v)); ok {
			return json.Number(out)
		}
	case map[string]any:
		for k, e := range v {
			v[k] = clampNumbers(e)
		}
	case []any:
		for i, e := range v {
			v[i] = clampNumbers(e)
		}
	}
	return v
}

// number is a JSON number literal taken apart.
type number struct {
	neg        bool
	intDigits  string // digits before the point, no leading zeros unless exactly "0"
	fracDigits string
	exp        int // explicit exponent, saturated far beyond maxMagnitude
}

// parseNumber checks s against the JSON number grammar (RFC 8259 section 6).
func parseNumber(s string) (n number, ok bool) {
	i := 0
	if i < len(s) && s[i] == '-' {
		n.neg = true
		i++
	}
	start := i
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	default:
		return n, false
	}
	n.intDigits = s[start:i]
	if i < len(s) && s[i] == '.' {
		i++
		start = i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == start {
			return n, false
		}
		n.fracDigits = s[start:i]
	}
	if i == len(s) {
		return n, true
	}
	if s[i] != 'e' && s[i] != 'E' {
		return n, false
	}
	i++
	negExp := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		negExp = s[i] == '-'
		i++
	}
	if i == len(s) {
		return n, false
	}
	for ; i < len(s); i++ {
		if !isDigit(s[i]) {
			return n, false
		}
		if n.exp <= 100*maxDigits {
			n.exp = n.exp*10 + int(s[i]-'0')
		}
	}
	if negExp {
		n.exp = -n.exp
	}
	return n, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// boundNumber returns s, or a stand-in when s is beyond what gojsonschema handles; ok is false when
// s is not a JSON number.
func boundNumber(s string) (string, bool) {
	n, ok := parseNumber(s)
	if !ok {
		return "", false
	}
	digits := n.intDigits + n.fracDigits
	first := strings.IndexFunc(digits, func(r rune) bool { return r != '0' })
	if first < 0 { // zero
		if len(s) > maxDigits || n.exp > maxMagnitude || n.exp < -maxMagnitude {
			return "0", true
		}
		return s, true
	}
	sign := ""
	if n.neg {
		sign = "-"
	}
	magnitude := len(n.intDigits) - 1 - first + n.exp
	switch {
	case magnitude > maxMagnitude:
		return sign + "1e" + strconv.Itoa(maxMagnitude), true
	case magnitude < -maxMagnitude:
		return sign + "1e-" + strconv.Itoa(maxMagnitude), true
	case len(digits) <= maxDigits:
		return s, true
	}
	// Too many digits for an order of magnitude within bounds: write the value without exponent, its
	// integer part exact and its fraction shortened but non-zero if it was.
	point := len(n.intDigits) + n.exp // digits before the point once the exponent is applied
	var intPart, frac string
	switch {
	case point <= 0:
		intPart, frac = "0", strings.Repeat("0", -point)+digits
	case point >= len(digits):
		intPart, frac = digits+strings.Repeat("0", point-len(digits)), ""
	default:
		intPart, frac = digits[:point], digits[point:]
	}
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	frac = strings.TrimRight(frac, "0")
	if frac != "" {
		// Keep the fraction's first significant digits after at most maxMagnitude zeros: the
		// value stays a non-integer with the same integer part.
		significant := strings.TrimLeft(frac, "0")
		zeros := min(len(frac)-len(significant), maxMagnitude)
		frac = strings.Repeat("0", zeros) + significant[:min(len(significant), keptFraction)]
	}
	if frac == "" {
		return sign + intPart, true
	}
	return sign + intPart + "." + frac, true
}
