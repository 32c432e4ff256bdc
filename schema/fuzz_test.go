package schema

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// FuzzValidate feeds arbitrary JSON to Validate: it must not panic, and what it reports must keep the
// promises of Violation (a pointer, a keyword, a message).
func FuzzValidate(f *testing.F) {
	f.Add([]byte(task(`"Retry": [{"ErrorEquals": ["States.ALL"], "BackoffRate": 0.5}]`)))
	f.Add([]byte(distributedMap(`"ItemReader": {"ReaderConfig": {"MaxItems": 1e9999999}}`)))
	f.Add([]byte(machine(`"a/b~\u0000": {"Type": "Choice", "Choices": [{"Not": {"Next": 1}}]}`)))
	dec := func(b []byte) (any, bool) {
		d := json.NewDecoder(bytes.NewReader(b))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			return nil, false
		}
		return v, true
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, ok := dec(data)
		if !ok {
			return
		}
		for _, v := range Validate(doc) {
			if v.Keyword == "" || v.Message == "" {
				t.Errorf("incomplete violation %+v", v)
			}
			if v.Pointer != "" && !strings.HasPrefix(v.Pointer, "/") {
				t.Errorf("pointer %q is not an RFC 6901 pointer", v.Pointer)
			}
		}
	})
}
