package engine_test

import (
	"testing"
	"time"

	"github.com/sfnsim/sfnsim/engine"
)

// Each state type in both query languages: the output, or the failure.
func TestStates(t *testing.T) {
	tests := []struct {
		name, def, input string
		steps            map[string][]step
		output           string // want SUCCEEDED with this output
		err, cause       string // or FAILED with this error and cause part
		elapsed          time.Duration
	}{
		{name: "pass result and result path",
			def:    `{"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"b":2},"ResultPath":"$.r","End":true}}}`,
			input:  `{"a":1}`,
			output: `{"a":1,"r":{"b":2}}`},
		{name: "pass input path parameters output path",
			def:    `{"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":"$.in","Parameters":{"x.$":"$.v","n.$":"States.MathAdd($.v, 1)","c":"lit"},"ResultPath":"$.out","OutputPath":"$.out","End":true}}}`,
			input:  `{"in":{"v":41}}`,
			output: `{"c":"lit","n":42,"x":41}`},
		{name: "result path null keeps the input",
			def:    `{"StartAt":"P","States":{"P":{"Type":"Pass","Result":1,"ResultPath":null,"End":true}}}`,
			input:  `{"a":1}`,
			output: `{"a":1}`},
		{name: "input path null gives an empty object",
			def:    `{"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":null,"End":true}}}`,
			input:  `{"a":1}`,
			output: `{}`},
		{name: "result path creates objects",
			def:    `{"StartAt":"P","States":{"P":{"Type":"Pass","Result":"v","ResultPath":"$.a.b.c","End":true}}}`,
			input:  `{"a":{"x":1}}`,
			output: `{"a":{"b":{"c":"v"},"x":1}}`},
		{name: "missing input path is States.Runtime",
			def:   `{"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":"$.nope","End":true}}}`,
			input: `{"a":1}`,
			err:   "States.Runtime", cause: "An error occurred while executing the state 'P' (entered at the event id #2). Invalid path '$.nope' : No results for path: $['nope']"},
		{name: "jsonata pass output",
			def:    `{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":{"sum":"{% $states.input.a + 1 %}","lit":[1,"{% 'x' %}"]},"End":true}}}`,
			input:  `{"a":1}`,
			output: `{"lit":[1,"x"],"sum":2}`},
		{name: "jsonata undefined is States.QueryEvaluationError",
			def:   `{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":"{% $states.input.nope %}","End":true}}}`,
			input: `{"a":1}`,
			err:   "States.QueryEvaluationError", cause: "The JSONata expression '$states.input.nope' specified for the field 'Output' returned nothing (undefined)."},
		{name: "choice picks the first match",
			def: `{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[
				{"Variable":"$.n","NumericGreaterThan":10,"Next":"Big"},
				{"Variable":"$.n","NumericGreaterThan":1,"Next":"Mid"}],"Default":"Small"},
				"Big":{"Type":"Pass","Result":"big","End":true},"Mid":{"Type":"Pass","Result":"mid","End":true},"Small":{"Type":"Pass","Result":"small","End":true}}}`,
			input:  `{"n":5}`,
			output: `"mid"`},
		{name: "choice default",
			def: `{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.n","IsPresent":true,"Next":"Yes"}],"Default":"No"},
				"Yes":{"Type":"Pass","Result":"yes","End":true},"No":{"Type":"Pass","Result":"no","End":true}}}`,
			input:  `{}`,
			output: `"no"`},
		{name: "choice without match and default",
			def: `{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.n","IsPresent":true,"Next":"Yes"}]},
				"Yes":{"Type":"Succeed"}}}`,
			input: `{}`,
			err:   "States.NoChoiceMatched"},
		{name: "jsonata choice condition and rule output",
			def: `{"QueryLanguage":"JSONata","StartAt":"C","States":{"C":{"Type":"Choice","Choices":[
				{"Condition":"{% $states.input.n > 3 %}","Output":{"big":true},"Next":"Done"}],"Default":"Done"},
				"Done":{"Type":"Succeed"}}}`,
			input:  `{"n":5}`,
			output: `{"big":true}`},
		{name: "jsonata choice condition must be boolean",
			def: `{"QueryLanguage":"JSONata","StartAt":"C","States":{"C":{"Type":"Choice","Choices":[
				{"Condition":"{% $states.input.n %}","Next":"Done"}]},"Done":{"Type":"Succeed"}}}`,
			input: `{"n":5}`,
			err:   "States.QueryEvaluationError", cause: "Expected 'boolean', but was 'number'"},
		{name: "wait seconds",
			def:     `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":30,"End":true}}}`,
			output:  `{}`,
			elapsed: 30 * time.Second},
		{name: "wait seconds path",
			def:     `{"StartAt":"W","States":{"W":{"Type":"Wait","SecondsPath":"$.s","End":true}}}`,
			input:   `{"s":90}`,
			output:  `{"s":90}`,
			elapsed: 90 * time.Second},
		{name: "wait timestamp",
			def:     `{"StartAt":"W","States":{"W":{"Type":"Wait","Timestamp":"2025-01-01T01:00:00Z","End":true}}}`,
			output:  `{}`,
			elapsed: time.Hour},
		{name: "wait timestamp in the past does not wait",
			def:    `{"StartAt":"W","States":{"W":{"Type":"Wait","Timestamp":"2020-01-01T00:00:00Z","End":true}}}`,
			output: `{}`},
		{name: "wait timestamp path without zone",
			def:   `{"StartAt":"W","States":{"W":{"Type":"Wait","TimestampPath":"$.t","End":true}}}`,
			input: `{"t":"2025-01-01T01:00:00"}`,
			err:   "States.Runtime", cause: "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.t == 2025-01-01T01:00:00"},
		{name: "wait negative seconds path",
			def:   `{"StartAt":"W","States":{"W":{"Type":"Wait","SecondsPath":"$.s","End":true}}}`,
			input: `{"s":-1}`,
			err:   "States.Runtime", cause: "references a negative value: $.s == -1"},
		{name: "wait too long",
			def: `{"StartAt":"W","States":{"W":{"Type":"Wait","Timestamp":"2099-01-01T00:00:00Z","End":true}}}`,
			err: "States.Runtime", cause: "Wait state delay is too long."},
		{name: "jsonata wait seconds",
			def:     `{"QueryLanguage":"JSONata","StartAt":"W","States":{"W":{"Type":"Wait","Seconds":"{% $states.input.s * 2 %}","End":true}}}`,
			input:   `{"s":5}`,
			output:  `{"s":5}`,
			elapsed: 10 * time.Second},
		{name: "succeed output path",
			def:    `{"StartAt":"S","States":{"S":{"Type":"Succeed","OutputPath":"$.a"}}}`,
			input:  `{"a":[1]}`,
			output: `[1]`},
		{name: "fail error and cause",
			def: `{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E","Cause":"C"}}}`,
			err: "E", cause: "C"},
		{name: "fail error path and cause path",
			def:   `{"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"$.e","CausePath":"States.Format('bad {}', $.n)"}}}`,
			input: `{"e":"Boom","n":3}`,
			err:   "Boom", cause: "bad 3"},
		{name: "fail error path missing",
			def:   `{"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"$.e"}}}`,
			input: `{}`,
			err:   "States.Runtime", cause: "The JSONPath '$.e' specified for the field 'ErrorPath' could not be found in the input '{}'"},
		{name: "jsonata fail",
			def:   `{"QueryLanguage":"JSONata","StartAt":"F","States":{"F":{"Type":"Fail","Error":"{% 'E' & $states.input.n %}","Cause":"c"}}}`,
			input: `{"n":1}`,
			err:   "E1", cause: "c"},
		{name: "task parameters and result selector",
			def: `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
				"Parameters":{"Payload.$":"$"},"ResultSelector":{"p.$":"$.Payload"},"ResultPath":"$.res","End":true}}}`,
			input:  `{"a":1}`,
			output: `{"a":1,"res":{"p":{"a":1}}}`,
			steps:  map[string][]step{"T": {{output: func(r *engine.TaskRequest) any { return map[string]any{"Payload": r.Input.(map[string]any)["Payload"]} }}}}},
		{name: "jsonata task arguments and output",
			def: `{"QueryLanguage":"JSONata","StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
				"Arguments":{"v":"{% $states.input.a * 10 %}"},"Output":"{% $states.result.v + 1 %}","End":true}}}`,
			input:  `{"a":4}`,
			output: `41`},
		{name: "state output over 256 KiB",
			def:   `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","End":true}}}`,
			steps: map[string][]step{"T": {{out: string(make([]byte, 300_000))}}},
			err:   "States.DataLimitExceeded", cause: "returned a result with a size exceeding the maximum number of bytes service limit"},
		{name: "execution timeout",
			def:     `{"TimeoutSeconds":5,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}}`,
			err:     "States.Timeout",
			elapsed: 5 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := execute(t, tt.def, tt.input, tt.steps)
			if tt.err != "" {
				status := engine.StatusFailed
				if tt.name == "execution timeout" {
					status = engine.StatusTimedOut
				}
				wantFailure(t, r, status, tt.err, tt.cause)
			} else {
				wantOutput(t, r, tt.output)
			}
			if took := r.x.StopTime.Sub(r.x.StartTime); tt.elapsed != 0 && took != tt.elapsed {
				t.Errorf("took %v, want %v", took, tt.elapsed)
			}
		})
	}
}

// Variables: Assign takes effect when the state is left; inner scopes read
// outer variables and write their own.
func TestVariables(t *testing.T) {
	tests := []struct{ name, def, input, output string }{
		{name: "assign then read",
			def: `{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"x.$":"$.v","y":2},"Next":"B"},
				"B":{"Type":"Pass","Parameters":{"x.$":"$x","y.$":"$y"},"End":true}}}`,
			input: `{"v":1}`, output: `{"x":1,"y":2}`},
		{name: "output path sees the value before assignment",
			def: `{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"x":1},"Next":"B"},
				"B":{"Type":"Pass","Assign":{"x":2},"OutputPath":"$x","End":true}}}`,
			output: `1`},
		{name: "jsonata assign and output from the same values",
			def: `{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"x":1},"Next":"B"},
				"B":{"Type":"Pass","Assign":{"x":"{% $x + 1 %}"},"Output":"{% $x %}","Next":"C"},
				"C":{"Type":"Pass","Output":"{% $x %}","End":true}}}`,
			output: `2`},
		{name: "map iterations read outer variables and keep their own",
			def: `{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"k":10},"Next":"M"},
				"M":{"Type":"Map","ItemProcessor":{"StartAt":"I","States":{
					"I":{"Type":"Pass","Assign":{"inner.$":"$"},"Next":"J"},
					"J":{"Type":"Pass","Parameters":{"k.$":"$k","inner.$":"$inner"},"End":true}}},"Next":"After"},
				"After":{"Type":"Pass","Parameters":{"k.$":"$k","all.$":"$"},"End":true}}}`,
			input: `[1,2]`, output: `{"all":[{"inner":1,"k":10},{"inner":2,"k":10}],"k":10}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantOutput(t, execute(t, tt.def, tt.input, nil), tt.output)
		})
	}
}

// The context object: what a state sees under $$.
func TestContextObject(t *testing.T) {
	def := `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3,"Next":"P"},"P":{"Type":"Pass","Parameters":{
		"name.$":"$$.State.Name","entered.$":"$$.State.EnteredTime","input.$":"$$.Execution.Input","sm.$":"$$.StateMachine.Name"},"End":true}}}`
	r := execute(t, def, `{"a":1}`, nil, func(o *engine.Options) {
		o.StateMachineArn = "arn:aws:states:eu-west-1:111122223333:stateMachine:orders"
	})
	wantOutput(t, r, `{"entered":"2025-01-01T00:00:03Z","input":{"a":1},"name":"P","sm":"orders"}`)
}
