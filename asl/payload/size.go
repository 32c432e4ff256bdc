package payload

import (
	"encoding/json"
	"unicode/utf8"
)

// Size is the number of bytes of v serialized as compact UTF-8 JSON, as
// Marshal writes it, counted without building the text: the payload limit
// is checked at every state, and a simulation runs millions of them.
func Size(v any) int { return sizeUpTo(v, -1) }

// sizeUpTo counts like Size but stops once the count passes limit (a
// negative limit counts everything); the result is then only known to be
// over the limit.
func sizeUpTo(v any, limit int) int {
	switch v := v.(type) {
	case nil:
		return 4
	case bool:
		if v {
			return 4
		}
		return 5
	case json.Number:
		return len(v)
	case string:
		return stringSize(v)
	case []any:
		n := 2 + max(len(v)-1, 0)
		for _, e := range v {
			n += sizeUpTo(e, limit)
			if limit >= 0 && n > limit {
				return n
			}
		}
		return n
	case map[string]any:
		n := 2 + max(len(v)-1, 0)
		for k, e := range v {
			n += stringSize(k) + 1 + sizeUpTo(e, limit)
			if limit >= 0 && n > limit {
				return n
			}
		}
		return n
	}
	return len(Marshal(v))
}

// stringSize is the size of s as a JSON string written by writeString:
// its bytes, the quotes, and what escaping and replacing invalid UTF-8 add.
func stringSize(s string) int {
	n := len(s) + 2
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		n += int(escapeExtra[c])
		ascii = ascii && c < utf8.RuneSelf
	}
	if ascii || utf8.ValidString(s) {
		return n
	}
	// Invalid UTF-8: each bad byte is written as U+FFFD (3 bytes).
	n = 2
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			n += 1 + int(escapeExtra[s[i]])
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			n += utf8.RuneLen(utf8.RuneError)
		} else {
			n += size
		}
		i += size
	}
	return n
}

// escapeExtra is how many bytes escaping adds to a byte in a JSON string:
// 1 for \" \\ \n \r \t \b \f, 5 for the other controls (\u00XX).
var escapeExtra = func() (t [256]uint8) {
	for c := 0; c < 0x20; c++ {
		t[c] = 5
	}
	for _, c := range []byte{'"', '\\', '\n', '\r', '\t', '\b', '\f'} {
		t[c] = 1
	}
	return t
}()
