package choice

import (
	"errors"
	"reflect"
	"testing"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/asl/path"
)

// FuzzCompileEval compiles random rule JSON and evaluates it on random input. Compile must fail only with a
// *CompileError, Eval only with a States.Runtime *asl.StatesError, and neither may panic. Seeds are in
// testdata/fuzz/FuzzCompileEval.
func FuzzCompileEval(f *testing.F) {
	f.Fuzz(func(t *testing.T, ruleText, inputText string) {
		doc, err := asl.ParseJSON("rule.json", []byte(ruleText))
		if err != nil {
			return
		}
		r, err := Compile(doc.Root)
		if err != nil {
			var ce *CompileError
			if !errors.As(err, &ce) || ce.Msg == "" {
				t.Fatalf("%s: error %v (%T) is not a *CompileError with a message", ruleText, err, err)
			}
			return
		}
		input, err := decode([]byte(inputText))
		if err != nil {
			input = map[string]any{"v": inputText}
		}
		ctx := map[string]any{"State": map[string]any{"Name": "C"}, "Execution": map[string]any{"Input": input}}
		vars := varsOf(map[string]any{"x": input, "y": "y"})
		got, err := r.Eval(input, ctx, vars)
		if err != nil {
			var se *asl.StatesError
			if !errors.As(err, &se) || se.Name != asl.ErrRuntime || se.Cause == "" {
				t.Fatalf("%s on %s: error %v (%T) is not States.Runtime", ruleText, inputText, err, err)
			}
		}
		// The allocation-free walk agrees with path.Eval wherever it answers.
		if r.kind == kindTest && r.variable.Root == path.RootInput {
			if fast, ok := walkDefinite(r.variable, input); ok {
				slow, err := path.Eval(r.variable, input)
				if err != nil || !reflect.DeepEqual(fast, slow) {
					t.Fatalf("%s on %s: walk %v, path.Eval %v, %v", ruleText, inputText, fast, slow, err)
				}
			}
		}
		// Select over the one rule agrees with Eval, and evaluation is deterministic.
		idx, err2 := Select([]*Rule{r}, input, ctx, vars)
		if (err == nil) != (err2 == nil) || (err == nil && (idx == 0) != got) {
			t.Fatalf("%s on %s: Eval %v, %v but Select %d, %v", ruleText, inputText, got, err, idx, err2)
		}
	})
}
