package remote

import (
	"bytes"
	"encoding/json"
	"sort"
)

// findResultWriter looks for the ResultWriterDetails of a Distributed Map
// in an execution's output. A Map state with a ResultWriter outputs
// {"MapRunArn", "ResultWriterDetails": {"Bucket", "Key"}}; later states may
// have moved that object anywhere (ResultPath, Parameters), so the whole
// output is searched, the top level first, then the members in key order
// so that the same output always gives the same answer.
func findResultWriter(output []byte) *ResultWriterLocation {
	var v any
	d := json.NewDecoder(bytes.NewReader(output))
	d.UseNumber()
	if d.Decode(&v) != nil {
		return nil
	}
	return searchResultWriter(v)
}

func searchResultWriter(v any) *ResultWriterLocation {
	switch v := v.(type) {
	case map[string]any:
		if details, ok := v["ResultWriterDetails"].(map[string]any); ok {
			bucket, _ := details["Bucket"].(string)
			key, _ := details["Key"].(string)
			if bucket != "" && key != "" {
				return &ResultWriterLocation{Bucket: bucket, Key: key}
			}
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if loc := searchResultWriter(v[k]); loc != nil {
				return loc
			}
		}
	case []any:
		for _, e := range v {
			if loc := searchResultWriter(e); loc != nil {
				return loc
			}
		}
	}
	return nil
}

// hasDistributedMap reports whether the definition has a Map state in
// DISTRIBUTED mode (ItemProcessor.ProcessorConfig.Mode), the only kind that
// creates map runs. An unreadable definition counts as having one: listing
// map runs for nothing is cheaper than missing them.
func hasDistributedMap(definition []byte) bool {
	var v any
	if json.Unmarshal(definition, &v) != nil {
		return true
	}
	return searchDistributed(v)
}

func searchDistributed(v any) bool {
	switch v := v.(type) {
	case map[string]any:
		if mode, ok := v["Mode"].(string); ok && mode == "DISTRIBUTED" {
			return true
		}
		for _, e := range v {
			if searchDistributed(e) {
				return true
			}
		}
	case []any:
		for _, e := range v {
			if searchDistributed(e) {
				return true
			}
		}
	}
	return false
}
