package choice

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/asl/path"
	"github.com/sfnsim/sfnsim/internal/sharedtest"
)

type conformanceCase struct {
	Name       string          `json:"name"`
	Definition json.RawMessage `json:"definition"`
	Tags       []string        `json:"tags"`
	Expect     struct {
		States []struct {
			Name      string                     `json:"name"`
			Event     string                     `json:"event"`
			Input     json.RawMessage            `json:"input"`
			Iteration json.RawMessage            `json:"iteration"`
			Assigned  map[string]json.RawMessage `json:"assigned_variables"`
		} `json:"states"`
	} `json:"expect"`
}

// choiceStates returns the JSONPath Choice states of a definition, in every scope, by name (names are unique in
// the whole machine).
func choiceStates(root *asl.Node) map[string]*asl.Node {
	out := map[string]*asl.Node{}
	root.Walk(func(n *asl.Node) bool {
		if n.Kind != asl.Object || n.Key() != "States" || n.Parent == nil {
			return true
		}
		for _, m := range n.Members {
			s := m.Value
			if s.GetString("Type") == "Choice" && s.GetString("QueryLanguage") != "JSONata" && s.Get("Choices") != nil {
				out[m.Key] = s
			}
		}
		return true
	})
	return out
}

// TestConformanceChoices replays the Choice states of the cases recorded on AWS: for every entry into a JSONPath
// Choice state, the rules are evaluated on the recorded input, and the state chosen (a rule's Next or the
// Default) must be the next state entered in the same Map iteration.
func TestConformanceChoices(t *testing.T) {
	dir := filepath.Join(sharedtest.Dir(t), "conformance")
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases, visits, agreed, terminal int
	for _, f := range files {
		if filepath.Base(f) == "index.json" {
			continue
		}
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(text, []byte(`"Choices"`)) {
			continue
		}
		var c conformanceCase
		if err := json.Unmarshal(text, &c); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if slices.Contains(c.Tags, "jsonata") {
			continue // JSONata Choice rules ("Condition") are not this package's
		}
		doc, err := asl.ParseJSON(f, c.Definition)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		states := choiceStates(doc.Root)
		if len(states) == 0 {
			continue
		}
		compiled := map[string][]*Rule{}
		for name, s := range states {
			rules, err := CompileChoices(s.Get("Choices"))
			if err != nil {
				t.Errorf("%s: state %q: %v", c.Name, name, err)
				continue
			}
			compiled[name] = rules
		}
		cases++
		vars := map[string]any{}
		for i, ev := range c.Expect.States {
			if ev.Event == "exited" {
				for k, raw := range ev.Assigned {
					v, err := decode(raw)
					if err != nil {
						t.Fatalf("%s: variable %s: %v", c.Name, k, err)
					}
					vars[k] = v
				}
			}
			rules, ok := compiled[ev.Name]
			if ev.Event != "entered" || !ok {
				continue
			}
			visits++
			input, err := decode(ev.Input)
			if err != nil {
				t.Fatalf("%s: %v", c.Name, err)
			}
			if ip := states[ev.Name].Get("InputPath"); ip != nil {
				p, err := path.ParsePath(ip.Str)
				if err != nil {
					t.Fatalf("%s: InputPath: %v", c.Name, err)
				}
				if input, err = path.Eval(p, input); err != nil {
					t.Fatalf("%s: InputPath: %v", c.Name, err)
				}
			}
			ctx := map[string]any{"State": map[string]any{"Name": ev.Name}}
			idx, err := Select(rules, input, ctx, varsOf(vars))
			if err != nil {
				t.Errorf("%s: state %q on %s: %v", c.Name, ev.Name, ev.Input, err)
				continue
			}
			chosen := states[ev.Name].GetString("Default")
			if idx >= 0 {
				chosen = rules[idx].Next
			}
			next := ""
			for _, later := range c.Expect.States[i+1:] {
				if later.Event == "entered" && string(later.Iteration) == string(ev.Iteration) {
					next = later.Name
					break
				}
			}
			if next == "" {
				terminal++ // the execution ended in the Choice state: nothing was chosen
				if chosen != "" {
					t.Errorf("%s: state %q on %s chose %q, but the execution entered no state after it", c.Name, ev.Name, ev.Input, chosen)
				}
				continue
			}
			if chosen != next {
				t.Errorf("%s: state %q on %s chose %q (rule %d), AWS entered %q", c.Name, ev.Name, ev.Input, chosen, idx, next)
				continue
			}
			agreed++
		}
	}
	t.Logf("conformance choices: %d cases, %d Choice visits, %d agree with AWS, %d without a successor",
		cases, visits, agreed, terminal)
	if cases == 0 || visits == 0 {
		t.Fatalf("no JSONPath Choice state found under %s", dir)
	}
}
