package mock

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/execute/task"
)

const example = `{
  "StateMachines": {
    "LambdaSQSIntegration": {
      "TestCases": {
        "HappyPath": {"LambdaState": "MockedLambdaSuccess", "SQSState": "MockedSQSSuccess"},
        "RetryPath": {"LambdaState": "MockedLambdaRetry", "SQSState": "MockedSQSSuccess"},
        "HybridPath": {"LambdaState": "MockedLambdaSuccess"}
      }
    }
  },
  "MockedResponses": {
    "MockedLambdaSuccess": {"0": {"Return": {"StatusCode": 200, "Payload": {"body": "Hello", "n": 1.50}}}},
    "MockedSQSSuccess": {"0": {"Return": {"MessageId": "m-1"}}},
    "MockedLambdaRetry": {
      "0": {"Throw": {"Error": "Lambda.ResourceNotReadyException", "Cause": "Lambda resource is not ready."}},
      "1-2": {"Throw": {"Error": "Lambda.TimeoutException", "Cause": "Lambda timed out."}},
      "3": {"Return": {"StatusCode": 200}}
    }
  }
}`

func mustCase(t *testing.T, text, sm, tc string) *Handler {
	t.Helper()
	c, err := Parse("MockConfigFile.json", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	h, err := c.TestCase(sm, tc)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func call(h *Handler, state string, attempt int) string {
	out, serr := h.Call(context.Background(), &task.Call{State: state, Resource: "arn:aws:states:::lambda:invoke", Attempt: attempt})
	if serr != nil {
		return serr.Name + ": " + serr.Cause
	}
	b, _ := json.Marshal(out)
	return string(b)
}

func TestCallSequences(t *testing.T) {
	tests := []struct {
		name, tc, state string
		want            []string
	}{
		{"single entry repeats", "HappyPath", "LambdaState", []string{
			`{"Payload":{"body":"Hello","n":1.50},"StatusCode":200}`,
			`{"Payload":{"body":"Hello","n":1.50},"StatusCode":200}`,
		}},
		{"retries walk the ranges, then the last repeats", "RetryPath", "LambdaState", []string{
			"Lambda.ResourceNotReadyException: Lambda resource is not ready.",
			"Lambda.TimeoutException: Lambda timed out.",
			"Lambda.TimeoutException: Lambda timed out.",
			`{"StatusCode":200}`,
			`{"StatusCode":200}`,
		}},
		{"other state", "RetryPath", "SQSState", []string{`{"MessageId":"m-1"}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := mustCase(t, example, "LambdaSQSIntegration", tt.tc)
			for i, want := range tt.want {
				if got := call(h, tt.state, i); got != want {
					t.Errorf("call %d: got %s, want %s", i, got, want)
				}
			}
		})
	}
}

func TestCountsPerState(t *testing.T) {
	h := mustCase(t, example, "LambdaSQSIntegration", "RetryPath")
	// Calls of another state do not advance LambdaState's count.
	call(h, "SQSState", 0)
	call(h, "SQSState", 0)
	if got := call(h, "LambdaState", 0); !strings.HasPrefix(got, "Lambda.ResourceNotReadyException") {
		t.Errorf("first LambdaState call: got %s", got)
	}
	// A new handler for the same test case starts from 0 again.
	h2 := mustCase(t, example, "LambdaSQSIntegration", "RetryPath")
	if got := call(h2, "LambdaState", 0); !strings.HasPrefix(got, "Lambda.ResourceNotReadyException") {
		t.Errorf("new handler: got %s", got)
	}
}

func TestReturnIsFreshCopy(t *testing.T) {
	h := mustCase(t, example, "LambdaSQSIntegration", "HappyPath")
	out, _ := h.Call(context.Background(), &task.Call{State: "LambdaState"})
	out.(map[string]any)["StatusCode"] = "changed"
	out2, _ := h.Call(context.Background(), &task.Call{State: "LambdaState"})
	if n, ok := out2.(map[string]any)["StatusCode"].(json.Number); !ok || n != "200" {
		t.Errorf("second result %v was changed through the first", out2)
	}
}

type fakeNext struct{}

func (fakeNext) Handles(r string) bool { return strings.Contains(r, "sqs") }
func (fakeNext) Call(_ context.Context, c *task.Call) (any, *asl.StatesError) {
	return "real " + c.State, nil
}

func TestUnmockedStates(t *testing.T) {
	h := mustCase(t, example, "LambdaSQSIntegration", "HybridPath")
	tests := []struct {
		name, state, resource string
		next                  bool
		wantHandles           bool
		want                  string
	}{
		{"mocked", "LambdaState", "arn:aws:states:::lambda:invoke", false, true, `{"Payload":{"body":"Hello","n":1.50},"StatusCode":200}`},
		{"unmocked, no next", "SQSState", "arn:aws:states:::sqs:sendMessage", false, true, `States.Runtime: the state 'SQSState' is not mocked in the test case "HybridPath" and nothing else performs arn:aws:states:::sqs:sendMessage; add the state to the test case, or configure the service it calls`},
		{"unmocked, next performs it", "SQSState", "arn:aws:states:::sqs:sendMessage", true, true, `"real SQSState"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.next {
				h.Then(fakeNext{})
			} else {
				h.Then()
			}
			if got := h.Handles(tt.resource); got != tt.wantHandles {
				t.Errorf("Handles = %v", got)
			}
			out, serr := h.Call(context.Background(), &task.Call{State: tt.state, Resource: tt.resource})
			got := ""
			if serr != nil {
				got = serr.Name + ": " + serr.Cause
			} else {
				b, _ := json.Marshal(out)
				got = string(b)
			}
			if got != tt.want {
				t.Errorf("got %s\nwant %s", got, tt.want)
			}
		})
	}
	if !h.HandlesState("LambdaState") || h.HandlesState("SQSState") {
		t.Error("HandlesState is wrong")
	}
	empty := mustCase(t, `{"StateMachines": {"M": {"TestCases": {"T": {}}}}, "MockedResponses": {}}`, "M", "T")
	if empty.Handles("arn:aws:states:::lambda:invoke") {
		t.Error("a test case that mocks nothing must not take calls")
	}
	if !empty.Then(fakeNext{}).Handles("arn:aws:states:::sqs:sendMessage") {
		t.Error("a test case that mocks nothing must take the calls its next handler takes")
	}
}

func TestTestCaseErrors(t *testing.T) {
	c, err := Parse("mock.json", []byte(example))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ sm, tc, want string }{
		{"LambdaSQSIntegratoin", "HappyPath", `mock.json has no test cases for the state machine "LambdaSQSIntegratoin"; did you mean "LambdaSQSIntegration"? (the file defines "LambdaSQSIntegration")`},
		{"Other", "HappyPath", `mock.json has no test cases for the state machine "Other"; add it under "StateMachines", or the file defines "LambdaSQSIntegration"`},
		{"LambdaSQSIntegration", "HapyPath", `mock.json has no test case "HapyPath" for the state machine "LambdaSQSIntegration"; did you mean "HappyPath"? (the file defines "HappyPath", "HybridPath", "RetryPath")`},
		{"LambdaSQSIntegration", "Nope", `mock.json has no test case "Nope" for the state machine "LambdaSQSIntegration"; add it under "TestCases", or the file defines "HappyPath", "HybridPath", "RetryPath"`},
	}
	for _, tt := range tests {
		_, err := c.TestCase(tt.sm, tt.tc)
		if err == nil || err.Error() != tt.want {
			t.Errorf("TestCase(%q, %q):\n got %v\nwant %s", tt.sm, tt.tc, err, tt.want)
		}
	}
	if got := fmt.Sprint(c.StateMachines()); got != "[LambdaSQSIntegration]" {
		t.Errorf("StateMachines() = %s", got)
	}
}

func TestParseErrors(t *testing.T) {
	wrap := func(responses string) string {
		return `{"StateMachines": {"M": {"TestCases": {"T": {}}}},
"MockedResponses": {"R": ` + responses + `}}`
	}
	tests := []struct{ name, text, want string }{
		{"empty", "  \n", `f.json:1:1: empty mock configuration file; write a JSON object with "StateMachines" and "MockedResponses"`},
		{"syntax", `{"StateMachines": }`, `f.json:1:19: `},
		{"not an object", `[1]`, `f.json:1:1: a mock configuration file is a JSON object with "StateMachines" and "MockedResponses", not an array`},
		{"misspelt top level", `{"StateMachines": {}, "MockedResponse": {}}`, `f.json:1:23: the mock configuration has no field "MockedResponse" (it takes "StateMachines", "MockedResponses"); did you mean "MockedResponses"?`},
		{"missing top level", `{"MockedResponses": {}}`, `f.json:1:1: missing "StateMachines"; add an object such as`},
		{"bad key", wrap(`{"first": {"Return": 1}}`), `f.json:2:27: mocked response "R" has the key "first"; keys are invocation numbers counted from 0 ("0") or inclusive ranges ("1-2")`},
		{"signed key", wrap(`{"0": {"Return": 1}, "-1": {"Return": 1}}`), `f.json:2:47: mocked response "R" has the key "-1"`},
		{"reversed range", wrap(`{"0-0": {"Return": 1}, "3-1": {"Return": 1}}`), `f.json:2:49: mocked response "R" has the range "3-1", which ends before it starts; write "1-3"`},
		{"gap", wrap(`{"0": {"Return": 1}, "2-3": {"Return": 1}}`), `f.json:2:47: mocked response "R" has no answer for invocation 1; Step Functions Local counts calls from 0 without gaps, so add "1" or start this range at 1`},
		{"not from zero", wrap(`{"1-2": {"Return": 1}}`), `f.json:2:27: mocked response "R" has no answer for invocation 0; Step Functions Local counts calls from 0 without gaps, so add "0" or start this range at 0`},
		{"overlap", wrap(`{"0-2": {"Return": 1}, "2": {"Return": 2}}`), `f.json:2:49: mocked response "R" answers invocation 2 twice ("2" overlaps "0-2"); make the ranges disjoint`},
		{"empty response", wrap(`{}`), `f.json:2:26: mocked response "R" is empty; add at least {"0": {"Return": ...}}`},
		{"both", wrap(`{"0": {"Return": 1, "Throw": {"Error": "E"}}}`), `f.json:2:32: invocation "0" of mocked response "R" has both "Return" and "Throw"; keep one`},
		{"neither", wrap(`{"0": {}}`), `f.json:2:32: invocation "0" of mocked response "R" has neither "Return" nor "Throw"`},
		{"misspelt Return", wrap(`{"0": {"Retrun": 1}}`), `f.json:2:33: invocation "0" of mocked response "R" has no field "Retrun" (it takes "Return", "Throw"); did you mean "Return"?`},
		{"throw without error", wrap(`{"0": {"Throw": {"Cause": "c"}}}`), `f.json:2:42: "Throw" of invocation "0" of mocked response "R" has no "Error"; add the error name Retry and Catch match`},
		{"cause not string", wrap(`{"0": {"Throw": {"Error": "E", "Cause": {"a": 1}}}}`), `f.json:2:66: "Cause" of invocation "0" of mocked response "R" must be a string, not an object; to pass JSON, write it as a string`},
		{"duplicate key", wrap(`{"0": {"Return": 1}, "0": {"Return": 2}}`), `f.json:2:47: "0" is repeated (first at 2:27); keep one of them`},
		{"unknown response", `{"StateMachines": {"M": {"TestCases": {"T": {"S": "Mocked0k"}}}}, "MockedResponses": {"MockedOk": {"0": {"Return": 1}}}}`,
			`f.json:1:51: state "S" in test case "T" of state machine "M" uses the mocked response "Mocked0k", which "MockedResponses" does not define; did you mean "MockedOk"? (the file defines "MockedOk")`},
		{"state not a string", `{"StateMachines": {"M": {"TestCases": {"T": {"S": 1}}}}, "MockedResponses": {}}`, `f.json:1:51: state "S" in test case "T" of state machine "M" must name a mocked response (a string), not a number`},
		{"misspelt Error", wrap(`{"0": {"Throw": {"Eror": "E"}}}`), `f.json:2:43: "Throw" of invocation "0" of mocked response "R" has no field "Eror" (it takes "Error", "Cause"); did you mean "Error"?`},
		{"no TestCases", `{"StateMachines": {"M": {"Tests": {}}}, "MockedResponses": {}}`, "f.json:1:25: state machine \"M\" has no \"TestCases\"; add {\"TestCases\": {\"HappyPath\": {\"MyState\": \"Ok\"}}}\nf.json:1:26: state machine \"M\" has no field \"Tests\" (it takes \"TestCases\"); remove it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.json", []byte(tt.text))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got  %v\nwant %s…", err, tt.want)
			}
		})
	}
}

func TestBrokenResponseReportedOnce(t *testing.T) {
	_, err := Parse("f.json", []byte(`{"StateMachines": {"M": {"TestCases": {"T": {"S": "R"}}}}, "MockedResponses": {"R": {"x": {"Return": 1}}}}`))
	want := `f.json:1:86: mocked response "R" has the key "x"; keys are invocation numbers counted from 0 ("0") or inclusive ranges ("1-2")`
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

func TestParseReportsAllProblems(t *testing.T) {
	_, err := Parse("f.json", []byte(`{"StateMachines": {"M": {"TestCases": {"T": {"S": "Nope"}}}},
"MockedResponses": {"A": {"x": {"Return": 1}}, "B": {"0": {}}}}`))
	if err == nil {
		t.Fatal("no error")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "f.json:1:51:") || !strings.HasPrefix(lines[1], "f.json:2:27:") || !strings.HasPrefix(lines[2], "f.json:2:59:") {
		t.Errorf("got %d problems, in file order expected:\n%v", len(lines), err)
	}
}

func TestParseValid(t *testing.T) {
	tests := []struct {
		name, text string
		calls      []string
	}{
		{"ranges in any order", `{"StateMachines": {"M": {"TestCases": {"T": {"S": "R"}}}}, "MockedResponses": {"R": {
			"3-4": {"Return": "c"}, "0": {"Return": "a"}, "1-2": {"Throw": {"Error": "E"}}}}}`,
			[]string{`"a"`, "E: ", "E: ", `"c"`, `"c"`, `"c"`}},
		{"null and scalar returns", `{"StateMachines": {"M": {"TestCases": {"T": {"S": "R"}}}}, "MockedResponses": {"R": {
			"0": {"Return": null}, "1": {"Return": 12345678901234567890}}}}`,
			[]string{"null", "12345678901234567890", "12345678901234567890"}},
		{"leading zeros", `{"StateMachines": {"M": {"TestCases": {"T": {"S": "R"}}}}, "MockedResponses": {"R": {
			"00": {"Return": 0}, "01-002": {"Return": 1}}}}`,
			[]string{"0", "1", "1", "1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := mustCase(t, tt.text, "M", "T")
			for i, want := range tt.calls {
				if got := call(h, "S", i); got != want {
					t.Errorf("call %d: got %s, want %s", i, got, want)
				}
			}
		})
	}
}

// TestConcurrent checks, under -race, that concurrent children each get
// one distinct invocation: with "0-99" returning 0 and "100" returning 1,
// exactly 100 of 150 calls get 0.
func TestConcurrent(t *testing.T) {
	h := mustCase(t, `{"StateMachines": {"M": {"TestCases": {"T": {"S": "R"}}}}, "MockedResponses": {"R": {
		"0-99": {"Return": {"v": 0}}, "100": {"Return": {"v": 1}}}}}`, "M", "T")
	var wg sync.WaitGroup
	var mu sync.Mutex
	zeros := 0
	for range 150 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, _ := h.Call(context.Background(), &task.Call{State: "S"})
			m := out.(map[string]any)
			m["touched"] = true // results are the caller's to change
			if m["v"] == json.Number("0") {
				mu.Lock()
				zeros++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if zeros != 100 {
		t.Errorf("%d calls got invocation 0-99's answer, want 100", zeros)
	}
}

func TestCheckStates(t *testing.T) {
	c, err := Parse("MockConfigFile.json", []byte(example))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CheckStates("LambdaSQSIntegration", "HappyPath", []string{"LambdaState", "SQSState", "Other"}); err != nil {
		t.Errorf("all states exist: %v", err)
	}
	err = c.CheckStates("LambdaSQSIntegration", "HappyPath", []string{"LambdaStates", "SQSState"})
	if err == nil || !strings.Contains(err.Error(), `mocks the state "LambdaState", which the state machine does not have: did you mean "LambdaStates"?`) {
		t.Errorf("a state the machine lacks: %v", err)
	}
}
