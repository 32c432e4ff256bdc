package cost

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// parseJSON reads one JSON document keeping numbers exact (json.Number),
// because prices must never pass through float64.
func parseJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("not valid JSON: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("not valid JSON: extra data after the top-level value; expected one JSON object")
	}
	return v, nil
}

// mergeOverride lays over on top of base: objects merge key by key, anything
// else (numbers, strings, arrays) replaces the base value. Arrays replace
// wholesale because merging tiers by index would silently keep stale bounds.
// Shape errors are left to decodeTable, which reports them with the same
// pointers the override uses.
func mergeOverride(base, over any) any {
	bm, bok := base.(map[string]any)
	om, ook := over.(map[string]any)
	if !bok || !ook {
		return over
	}
	out := make(map[string]any, len(bm)+len(om))
	for k, v := range bm {
		out[k] = v
	}
	for k, v := range om {
		if b, ok := bm[k]; ok {
			out[k] = mergeOverride(b, v)
		} else {
			out[k] = v
		}
	}
	return out
}

// checkOverrideScope rejects overrides of the rounding rules: they are
// descriptions of what this code implements, so changing them in JSON would
// change nothing and mislead the reader of the table.
func checkOverrideScope(over any) error {
	m, ok := over.(map[string]any)
	if !ok {
		return fmt.Errorf("/: expected a JSON object of the price table's shape, got %s", describe(over))
	}
	if _, ok := m["rounding"]; ok {
		return errors.New("/rounding: the rounding rules are fixed by the model and cannot be overridden; remove \"rounding\" from the override")
	}
	return nil
}
