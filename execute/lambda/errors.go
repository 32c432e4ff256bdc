package lambda

import (
	"errors"
	"net/http"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// apiError returns the error code and message the service sent. A
// response without a parseable error body (a bare 502 from a proxy) has
// neither; the HTTP reason phrase then stands in for the code, so the cause
// still says what went wrong.
func apiError(err error) (code, message string) {
	var api smithy.APIError
	if errors.As(err, &api) {
		code, message = api.ErrorCode(), api.ErrorMessage()
	}
	// smithy-go fills both with "UnknownError" when the body names no
	// error; that says less than the status line.
	if message == "UnknownError" {
		message = ""
	}
	if code == "" || code == "UnknownError" {
		code = http.StatusText(httpStatus(err))
	}
	return code, message
}

// exceptionName names a Lambda service error the way Step Functions does:
// the Java exception class of the error, which for the errors the Lambda
// model declares is the error code (ResourceNotFoundException,
// TooManyRequestsException, ServiceException …). Any other error is
// AWSLambdaException, Java's catch-all for the service, except a bare HTTP
// 429, which Lambda only sends when throttling
// (Lambda.TooManyRequestsException is what state machines retry on).
func exceptionName(err error, status int) string {
	var api smithy.APIError
	if errors.As(err, &api) {
		if _, generic := api.(*smithy.GenericAPIError); !generic && api.ErrorCode() != "" {
			return api.ErrorCode()
		}
	}
	if status == http.StatusTooManyRequests {
		return "TooManyRequestsException"
	}
	return "AWSLambdaException"
}

// httpStatus is the HTTP status of the service's answer, or 0 when the
// call got none (the SDK then wraps a transport error, sometimes in a
// ResponseError holding no response).
func httpStatus(err error) int {
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) && re.Response != nil && re.Response.Response != nil {
		return re.Response.StatusCode
	}
	return 0
}
