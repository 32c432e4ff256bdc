package sdk

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// The fakes below speak just enough of each service's wire protocol for
// the real SDK clients to be exercised end to end: request serialisation,
// error deserialisation and response metadata are the SDK's own.

const fakeRequestID = "req-1"

var fakeCreds = credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", "")

// newFakeS3 serves gofakes3 with one bucket, "b".
func newFakeS3(t *testing.T) *s3.Client {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket("b"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	return s3.New(s3.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL),
		UsePathStyle: true,
		Credentials:  fakeCreds,
	})
}

// fakeDynamo is DynamoDB's awsJson1.0 protocol over one table, "t", keyed
// by the attribute "pk".
type fakeDynamo struct {
	mu    sync.Mutex
	items map[string]map[string]any
}

func newFakeDynamo(t *testing.T) *dynamodb.Client {
	t.Helper()
	f := &fakeDynamo{items: map[string]map[string]any{}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return dynamodb.New(dynamodb.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Credentials: fakeCreds})
}

func jsonError(w http.ResponseWriter, typ, msg string, queryCode string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	if queryCode != "" {
		w.Header().Set("x-amzn-query-error", queryCode+";Sender")
	}
	w.WriteHeader(http.StatusBadRequest)
	fmt.Fprintf(w, `{"__type":%q,"message":%q}`, typ, msg)
}

func (f *fakeDynamo) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("x-amzn-RequestId", fakeRequestID)
	var req map[string]any
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		jsonError(w, "com.amazon.coral.service#SerializationException", err.Error(), "")
		return
	}
	if req["TableName"] != "t" {
		jsonError(w, "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", "Requested resource not found", "")
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	resp := map[string]any{}
	op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "DynamoDB_20120810.")
	switch op {
	case "PutItem":
		item, ok := req["Item"].(map[string]any)
		if !ok {
			jsonError(w, "com.amazon.coral.validate#ValidationException", "1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null", "")
			return
		}
		k := fmt.Sprint(item["pk"])
		if req["ConditionExpression"] == "attribute_not_exists(pk)" && f.items[k] != nil {
			jsonError(w, "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", "The conditional request failed", "")
			return
		}
		f.items[k] = item
	case "GetItem":
		key := req["Key"].(map[string]any)
		if item := f.items[fmt.Sprint(key["pk"])]; item != nil {
			resp["Item"] = item
		}
	case "UpdateItem":
		// Only "SET <name> = <:value>", which is all the tests write.
		key := req["Key"].(map[string]any)
		k := fmt.Sprint(key["pk"])
		item := f.items[k]
		if item == nil {
			item = map[string]any{"pk": key["pk"]}
			f.items[k] = item
		}
		set := strings.SplitN(strings.TrimSpace(req["UpdateExpression"].(string)[4:]), "=", 2)
		name, value := strings.TrimSpace(set[0]), strings.TrimSpace(set[1])
		item[name] = req["ExpressionAttributeValues"].(map[string]any)[value]
		if req["ReturnValues"] == "UPDATED_NEW" {
			resp["Attributes"] = map[string]any{name: item[name]}
		}
	default:
		jsonError(w, "com.amazon.coral.service#UnknownOperationException", op, "")
		return
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	_ = json.NewEncoder(w).Encode(resp)
}

// newFakeSQS is SQS's awsJson1.0 protocol with one queue, ".../q".
func newFakeSQS(t *testing.T) (*sqs.Client, string, *[]map[string]any) {
	t.Helper()
	var mu sync.Mutex
	var sent []map[string]any
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("x-amzn-RequestId", fakeRequestID)
		if r.Header.Get("X-Amz-Target") != "AmazonSQS.SendMessage" {
			jsonError(w, "com.amazonaws.sqs#UnsupportedOperation", r.Header.Get("X-Amz-Target"), "")
			return
		}
		var req map[string]any
		_ = json.NewDecoder(r.Body).Decode(&req)
		if req["QueueUrl"] != srv.URL+"/q" {
			jsonError(w, "com.amazonaws.sqs#QueueDoesNotExist", "The specified queue does not exist.", "AWS.SimpleQueueService.NonExistentQueue")
			return
		}
		body, ok := req["MessageBody"].(string)
		if !ok {
			jsonError(w, "com.amazonaws.sqs#MissingParameter", "The request must contain the parameter MessageBody.", "MissingParameter")
			return
		}
		mu.Lock()
		sent = append(sent, req)
		mu.Unlock()
		sum := md5.Sum([]byte(body))
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		fmt.Fprintf(w, `{"MessageId":"m-1","MD5OfMessageBody":%q}`, hex.EncodeToString(sum[:]))
	}))
	t.Cleanup(srv.Close)
	c := sqs.New(sqs.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Credentials: fakeCreds})
	return c, srv.URL + "/q", &sent
}

const fakeTopic = "arn:aws:sns:us-east-1:123456789012:t"

// newFakeSNS is SNS's awsQuery protocol: a form-encoded request, an XML
// answer.
func newFakeSNS(t *testing.T) (*sns.Client, *[]string) {
	t.Helper()
	var mu sync.Mutex
	var messages []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		_ = r.ParseForm()
		w.Header().Set("x-amzn-RequestId", fakeRequestID)
		w.Header().Set("Content-Type", "text/xml")
		if r.Form.Get("Action") != "Publish" || r.Form.Get("TopicArn") != fakeTopic {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprintf(w, `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error><RequestId>%s</RequestId></ErrorResponse>`, fakeRequestID)
			return
		}
		mu.Lock()
		messages = append(messages, r.Form.Get("Message"))
		mu.Unlock()
		fmt.Fprintf(w, `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-2</MessageId></PublishResult><ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata></PublishResponse>`, fakeRequestID)
	}))
	t.Cleanup(srv.Close)
	return sns.New(sns.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Credentials: fakeCreds}), &messages
}
