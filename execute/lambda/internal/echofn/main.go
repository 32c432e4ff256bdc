// Command echo is a Lambda function for the tests of package lambda, run
// under aws-lambda-rie: it returns its event, or fails when the event asks
// it to, so the tests see both outcomes of a real aws-lambda-go runtime.
package main

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/aws/aws-lambda-go/lambda"
)

// failure is an error whose type name aws-lambda-go reports as errorType.
type failure struct{ msg string }

func (f *failure) Error() string { return f.msg }

func handle(_ context.Context, event json.RawMessage) (json.RawMessage, error) {
	var ask struct {
		Fail string `json:"fail"`
	}
	// Events that are not objects are echoed too.
	if json.Unmarshal(event, &ask) == nil && ask.Fail != "" {
		if ask.Fail == "plain" {
			return nil, errors.New("plain failure")
		}
		return nil, &failure{msg: ask.Fail}
	}
	return event, nil
}

func main() { lambda.Start(handle) }
