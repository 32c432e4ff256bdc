package mock

import (
	"context"
	"strings"
	"testing"

	"github.com/sfnsim/sfnsim/execute/task"
)

// FuzzParse checks that no file makes Parse panic, that every error names
// the file, and that a configuration that parses answers every test case's
// states without panicking.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		example,
		"",
		"[]",
		`{"StateMachines":{},"MockedResponses":{}}`,
		`{"StateMachines":{"M":{"TestCases":{"T":{"S":"R"}}}},"MockedResponses":{"R":{"0-2":{"Return":1},"3":{"Throw":{"Error":"E","Cause":"c"}}}}}`,
		`{"StateMachines":{"M":{"TestCases":{"T":{"S":"R"}}}},"MockedResponses":{"R":{"2-1":{"Return":1}}}}`,
		`{"StateMachines":{"M":{"TestCases":{"T":{"S":"R"}}}},"MockedResponses":{"R":{"0":{"Return":1,"Throw":{}}}}}`,
		`{"StateMachines":{"M":{"TestCases":{"T":{"S":"Nope"}}}},"MockedResponses":{"R":{"99999999999999999999":{"Return":1}}}}`,
		`{"StateMachines":{"M":{"TestCases":{"T":{"S":"R"}}}},"MockedResponses":{"R":{"0":{"Return":1}}},"StateMachines":{}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		c, err := Parse("mock.json", text)
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "mock.json:") {
					t.Fatalf("error line does not name the file: %q", line)
				}
			}
			return
		}
		for _, machine := range c.StateMachines() {
			for testCase, states := range c.machines[machine] {
				h, err := c.TestCase(machine, testCase)
				if err != nil {
					t.Fatalf("test case %s/%s parsed but cannot be used: %v", machine, testCase, err)
				}
				for state := range states {
					for attempt := range 4 {
						_, _ = h.Call(context.Background(), &task.Call{State: state, Resource: "arn:aws:states:::lambda:invoke", Attempt: attempt})
					}
				}
			}
		}
	})
}
