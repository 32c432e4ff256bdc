package resultwriter

import (
	"errors"
	"fmt"
)

// Transform gives the Map's in-state result when nothing is exported: the
// children's outputs in item order (COMPACT), with array outputs flattened
// one level (FLATTEN), or full records with execution metadata (NONE).
// Children that did not succeed appear as full records whatever the
// transformation, as AWS documents (§1.4). records must be in item order.
func Transform(cfg Config, records []*Record) ([]any, error) {
	if cfg.Export {
		return nil, errors.New("resultwriter: the results are exported to S3; use a Writer, whose Close gives the Map's result")
	}
	t := cfg.Transformation
	if t == "" {
		t = TransformCompact
	}
	out := []any{} // an empty result is [], never null
	for i, r := range records {
		if r == nil {
			return nil, fmt.Errorf("resultwriter: record %d is nil; give one record per item", i)
		}
		if _, err := category(r.Status); err != nil {
			return nil, err
		}
		out = append(out, r.entries(t)...)
	}
	return out, nil
}
