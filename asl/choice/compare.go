package choice

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sfnsim/sfnsim/asl"
)

// decimal is an exact JSON number: 0.digits × 10^exp with no leading or trailing zero in digits. Zero has no
// digits, and no sign (-0 = 0).
type decimal struct {
	neg    bool
	digits string
	exp    int64
}

// expLimit saturates exponents: beyond it every value compares by sign and exponent alone, so a hostile
// "1e999999999999999999999" costs nothing.
const expLimit = 1 << 40

// parseDecimal reads the JSON number grammar (leading zeros tolerated, as a json.Number built by hand may have
// them).
func parseDecimal(s string) (decimal, bool) {
	var d decimal
	i := 0
	if i < len(s) && s[i] == '-' {
		d.neg = true
		i++
	}
	start := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	intPart := s[start:i]
	if intPart == "" {
		return decimal{}, false
	}
	frac := ""
	if i < len(s) && s[i] == '.' {
		i++
		fs := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		frac = s[fs:i]
		if frac == "" {
			return decimal{}, false
		}
	}
	var e int64
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		eneg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			eneg = s[i] == '-'
			i++
		}
		es := i
		for i < len(s) && isDigit(s[i]) {
			if e < expLimit {
				e = e*10 + int64(s[i]-'0')
			}
			i++
		}
		if i == es {
			return decimal{}, false
		}
		if eneg {
			e = -e
		}
	}
	if i != len(s) {
		return decimal{}, false
	}
	digits := intPart + frac
	point := int64(len(intPart))
	lead := 0
	for lead < len(digits) && digits[lead] == '0' {
		lead++
	}
	digits = digits[lead:]
	point -= int64(lead)
	digits = strings.TrimRight(digits, "0")
	if digits == "" {
		return decimal{}, true
	}
	d.digits = digits
	d.exp = point + e
	return d, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (d decimal) sign() int {
	switch {
	case d.digits == "":
		return 0
	case d.neg:
		return -1
	}
	return 1
}

// compareDecimal returns -1, 0 or +1 as a <, =, > b.
func compareDecimal(a, b decimal) int {
	sa, sb := a.sign(), b.sign()
	if sa != sb {
		return cmpInt(sa, sb)
	}
	if sa == 0 {
		return 0
	}
	mag := 0
	switch {
	case a.exp != b.exp:
		mag = cmpInt64(a.exp, b.exp)
	default:
		// Without trailing zeros, the lexical order of the digits is the order of 0.digits.
		mag = strings.Compare(a.digits, b.digits)
	}
	return mag * sa
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// numberOf returns the value of a JSON number of the input. Besides json.Number it takes the float64 and int
// values a caller may have built by hand.
func numberOf(v any) (decimal, bool) {
	switch v := v.(type) {
	case json.Number:
		return parseDecimal(string(v))
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return decimal{}, false
		}
		return parseDecimal(strconv.FormatFloat(v, 'g', -1, 64))
	case int:
		return parseDecimal(strconv.Itoa(v))
	case int64:
		return parseDecimal(strconv.FormatInt(v, 10))
	}
	return decimal{}, false
}

// literalNumber reads a Number of the definition. YAML spellings that are not JSON numbers (0x10, 1_000) are
// read through strconv; infinities and NaN are refused.
func literalNumber(n *asl.Node) (decimal, bool) {
	if n.Kind != asl.Number {
		return decimal{}, false
	}
	if d, ok := parseDecimal(n.Str); ok {
		return d, true
	}
	f, err := strconv.ParseFloat(n.Str, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		if i, err := strconv.ParseInt(n.Str, 0, 64); err == nil {
			return parseDecimal(strconv.FormatInt(i, 10))
		}
		return decimal{}, false
	}
	return parseDecimal(strconv.FormatFloat(f, 'g', -1, 64))
}

// compareStrings orders strings like Java's String.compareTo: by UTF-16 code units. It differs from Go's byte
// order only where a character above U+FFFF (a surrogate pair, 0xD800–0xDBFF first) meets one in U+E000–U+FFFF.
func compareStrings(a, b string) int {
	if a == b {
		return 0
	}
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			ua, ub := firstUnit(ra), firstUnit(rb)
			if ua != ub {
				return cmpInt(int(ua), int(ub))
			}
			// Two supplementary characters with the same high surrogate: the low surrogates order them as
			// the code points do.
			return cmpInt(int(ra), int(rb))
		}
		a, b = a[na:], b[nb:]
	}
	return cmpInt(len(a), len(b))
}

// firstUnit is the first UTF-16 code unit of r.
func firstUnit(r rune) rune {
	if r >= 0x10000 {
		return 0xD800 + (r-0x10000)>>10
	}
	return r
}

// instant is a point in time with exact fractional seconds: Unix seconds, then the fraction's digits without
// trailing zeros (so that their lexical order is their numeric order).
type instant struct {
	sec  int64
	frac string
}

func compareInstants(a, b instant) int {
	if a.sec != b.sec {
		return cmpInt64(a.sec, b.sec)
	}
	return strings.Compare(a.frac, b.frac)
}

// parseTimestamp reads an RFC 3339 date-time with an uppercase "T" and "Z" or a numeric offset
// (asl-semantics §8): "2016-03-14T01:59:00Z", "2016-03-14T01:59:00.123+05:30". A date alone, a space instead of
// "T" (OBS: "2023-02-24 12:15:56.832957" is not a timestamp), a lowercase "t" or "z", or a missing zone are
// refused. Any number of fractional digits is kept exactly; how AWS rounds beyond nanoseconds is unverified.
func parseTimestamp(s string) (instant, bool) {
	// 2006-01-02T15:04:05
	if len(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return instant{}, false
	}
	year, ok1 := digitsAt(s, 0, 4)
	month, ok2 := digitsAt(s, 5, 2)
	day, ok3 := digitsAt(s, 8, 2)
	hour, ok4 := digitsAt(s, 11, 2)
	minute, ok5 := digitsAt(s, 14, 2)
	second, ok6 := digitsAt(s, 17, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) {
		return instant{}, false
	}
	if month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59 {
		return instant{}, false
	}
	if day > daysIn(year, month) {
		return instant{}, false
	}
	rest := s[19:]
	frac := ""
	if rest != "" && rest[0] == '.' {
		i := 1
		for i < len(rest) && isDigit(rest[i]) {
			i++
		}
		if i == 1 {
			return instant{}, false
		}
		frac = strings.TrimRight(rest[1:i], "0")
		rest = rest[i:]
	}
	var offset int
	switch {
	case rest == "Z":
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, ok1 := digitsAt(rest, 1, 2)
		om, ok2 := digitsAt(rest, 4, 2)
		if !ok1 || !ok2 || oh > 23 || om > 59 {
			return instant{}, false
		}
		offset = oh*3600 + om*60
		if rest[0] == '-' {
			offset = -offset
		}
	default:
		return instant{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, second, 0, time.UTC)
	return instant{sec: t.Unix() - int64(offset), frac: frac}, true
}

func digitsAt(s string, at, n int) (int, bool) {
	v := 0
	for i := at; i < at+n; i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		v = v*10 + int(s[i]-'0')
	}
	return v, true
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// pattern is a compiled StringMatches pattern: literal parts that stars separated.
type pattern struct {
	parts []string // len(parts) == stars+1
	// unpaired is set when a backslash ends the pattern, which fails at run time (asl-semantics §8).
	unpaired bool
}

// compilePattern splits a StringMatches pattern at its unescaped stars. "\*" is a literal star and "\\" a
// literal backslash; a backslash before any other character stands for that character (AWS documents only the
// two escapes, so this reading is unverified). A trailing lone backslash marks the pattern as unusable.
func compilePattern(s string) *pattern {
	p := &pattern{}
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i == len(s)-1 {
				p.unpaired = true
				continue
			}
			i++
			cur.WriteByte(s[i])
		case '*':
			p.parts = append(p.parts, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	p.parts = append(p.parts, cur.String())
	return p
}

// match reports whether s matches: the first part is a prefix, the last a suffix, the ones between occur in
// order. Taking each middle part at its earliest place is optimal, so no backtracking is needed.
func (p *pattern) match(s string) bool {
	if len(p.parts) == 1 {
		return s == p.parts[0]
	}
	first, last := p.parts[0], p.parts[len(p.parts)-1]
	if len(s) < len(first)+len(last) || !strings.HasPrefix(s, first) || !strings.HasSuffix(s, last) {
		return false
	}
	mid := s[len(first) : len(s)-len(last)]
	for _, part := range p.parts[1 : len(p.parts)-1] {
		i := strings.Index(mid, part)
		if i < 0 {
			return false
		}
		mid = mid[i+len(part):]
	}
	return true
}
