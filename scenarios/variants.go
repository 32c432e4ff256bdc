package scenarios

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/sfnsim/sfnsim/asl"
)

// distributedMap is a top-level Distributed Map as written.
type distributedMap struct {
	state    *asl.State
	execType string
	// batch is MaxItemsPerBatch as written, 1 without an ItemBatcher, 0
	// when it comes from a path or an expression.
	batch int
}

// topLevelMaps finds the Distributed Maps of the top-level execution,
// those a run's cost turns on.
func topLevelMaps(def *asl.Node) []*distributedMap {
	m := asl.NewMachine(def)
	var out []*distributedMap
	for _, st := range m.Top.States {
		if !st.IsDistributed() {
			continue
		}
		dm := &distributedMap{state: st, execType: st.ProcessorConfig().GetString("ExecutionType"), batch: 1}
		if dm.execType == "" {
			dm.execType = asl.Standard
		}
		if b := st.Field("ItemBatcher"); b != nil {
			dm.batch = 0
			if n, ok := b.Get("MaxItemsPerBatch").Int(); ok && n > 0 {
				dm.batch = int(n)
			}
		}
		out = append(out, dm)
	}
	return out
}

// variantOf rewrites every top-level Distributed Map of def with the
// children's execution type and batch size (1: no ItemBatcher; 0: the
// ItemBatcher as written). Other ItemBatcher fields (BatchInput,
// MaxInputBytesPerBatch) are kept.
func variantOf(def *asl.Node, execType string, batch int) (*asl.Node, error) {
	doc, ok := def.Interface().(map[string]any)
	if !ok {
		return nil, fmt.Errorf("the state machine is not a JSON object")
	}
	states, _ := doc["States"].(map[string]any)
	for _, dm := range topLevelMaps(def) {
		st, _ := states[dm.state.Name].(map[string]any)
		if st == nil {
			continue
		}
		proc, _ := st["ItemProcessor"].(map[string]any)
		if proc == nil {
			proc, _ = st["Iterator"].(map[string]any)
		}
		if cfg, _ := proc["ProcessorConfig"].(map[string]any); cfg != nil {
			cfg["ExecutionType"] = execType
		}
		switch {
		case batch == 0:
			continue // the batching as written
		case batch == 1:
			delete(st, "ItemBatcher")
			continue
		}
		ib, _ := st["ItemBatcher"].(map[string]any)
		if ib == nil {
			ib = map[string]any{}
			st["ItemBatcher"] = ib
		}
		delete(ib, "MaxItemsPerBatchPath")
		ib["MaxItemsPerBatch"] = json.Number(fmt.Sprint(batch))
	}
	text, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	parsed, err := asl.ParseJSON("variant", text)
	if err != nil {
		return nil, err
	}
	return parsed.Root, nil
}

// expressRefuses says why AWS would not run the top-level Distributed Maps'
// children as EXPRESS workflows, or "" (distributed-map.md §1.1: no .sync
// or .waitForTaskToken integrations, no activities, no Distributed Map).
func expressRefuses(def *asl.Node) string {
	for _, dm := range topLevelMaps(def) {
		if dm.execType != asl.Express {
			continue
		}
		var reason string
		for _, sc := range dm.state.Children {
			walkStates(sc, func(st *asl.State) {
				if reason != "" {
					return
				}
				resource, _ := st.Field("Resource").StringValue()
				switch {
				case st.IsDistributed():
					reason = fmt.Sprintf("an EXPRESS child cannot run the Distributed Map %q", st.Name)
				case strings.HasSuffix(resource, ".sync") || strings.HasSuffix(resource, ".sync:2"):
					reason = fmt.Sprintf("an EXPRESS child cannot wait on the .sync integration of Task %q", st.Name)
				case strings.HasSuffix(resource, ".waitForTaskToken"):
					reason = fmt.Sprintf("an EXPRESS child cannot wait for a task token (Task %q)", st.Name)
				case strings.Contains(resource, ":activity:"):
					reason = fmt.Sprintf("an EXPRESS child cannot run the activity of Task %q", st.Name)
				}
			})
		}
		if reason != "" {
			return reason
		}
	}
	return ""
}

// walkStates calls fn for every state of sc and of the scopes it holds.
func walkStates(sc *asl.Scope, fn func(*asl.State)) {
	for _, st := range sc.States {
		fn(st)
		for _, child := range st.Children {
			walkStates(child, fn)
		}
	}
}
