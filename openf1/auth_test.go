package openf1_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/pitwall-f1/pitwall/openf1"
)

const (
	testUser     = "driver@example.com"
	testPassword = "hunter2 Secret&Pw/é"
)

// authServer issues tokens on POST /token and accepts only the newest on /v1.
type authServer struct {
	mu        sync.Mutex
	tokens    int
	current   string
	expiresIn string // JSON value of expires_in
	revoke    atomic.Bool
	badPw     bool
	dataCalls atomic.Int32
}

func (s *authServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/token" {
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
			http.Error(w, "bad token request", 400)
			return
		}
		if s.badPw || r.PostFormValue("username") != testUser || r.PostFormValue("password") != testPassword {
			jsonAnswer(401, `{"detail":"Incorrect username or password"}`)(0, w, r)
			return
		}
		s.mu.Lock()
		s.tokens++
		s.current = fmt.Sprintf("tok-%d-%s", s.tokens, strings.Repeat("x", 40))
		tok := s.current
		s.mu.Unlock()
		jsonAnswer(200, fmt.Sprintf(`{"expires_in":%s,"access_token":%q,"token_type":"bearer"}`, s.expiresIn, tok))(0, w, r)
		return
	}
	s.dataCalls.Add(1)
	s.mu.Lock()
	ok := s.current != "" && r.Header.Get("Authorization") == "Bearer "+s.current
	s.mu.Unlock()
	if s.revoke.CompareAndSwap(true, false) {
		ok = false
	}
	if !ok {
		jsonAnswer(401, `{"detail":"Invalid or expired token"}`)(0, w, r)
		return
	}
	jsonAnswer(200, twoLaps)(0, w, r)
}

func (s *authServer) issued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokens
}

func TestAuthTokenSharedAcrossGoroutines(t *testing.T) {
	t.Parallel()
	for _, expires := range []string{`"3600"`, `3600`} {
		srv := &authServer{expiresIn: expires}
		c := newClient(t, newServer(t, srv), openf1.WithCredentials(testUser, testPassword))
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				if laps, err := c.Laps(context.Background(), openf1.LapsFilter{}); err != nil || len(laps) != 2 {
					t.Errorf("expires_in %s: %v", expires, err)
				}
			})
		}
		wg.Wait()
		if srv.issued() != 1 {
			t.Fatalf("expires_in %s: %d tokens fetched for 20 concurrent requests, want 1", expires, srv.issued())
		}
	}
}

func TestAuthRefetchOnceOn401(t *testing.T) {
	t.Parallel()
	srv := &authServer{expiresIn: `"3600"`}
	c := newClient(t, newServer(t, srv), openf1.WithCredentials(testUser, testPassword))
	ctx := context.Background()
	if _, err := c.Laps(ctx, openf1.LapsFilter{}); err != nil {
		t.Fatal(err)
	}
	srv.revoke.Store(true) // the server forgets the token once
	if _, err := c.Laps(ctx, openf1.LapsFilter{}); err != nil {
		t.Fatalf("after revocation: %v", err)
	}
	if srv.issued() != 2 || srv.dataCalls.Load() != 3 {
		t.Fatalf("%d tokens, %d data calls; want 2 and 3", srv.issued(), srv.dataCalls.Load())
	}
}

func TestAuthBadCredentialsAndSecrecy(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	srv := &authServer{expiresIn: `"3600"`, badPw: true}
	base := newServer(t, srv)
	c := newClient(t, base, openf1.WithCredentials(testUser, testPassword), openf1.WithLogger(logger))
	_, err := c.Laps(context.Background(), openf1.LapsFilter{})
	if !errors.Is(err, openf1.ErrUnauthorized) || srv.issued() != 0 || srv.dataCalls.Load() != 0 {
		t.Fatalf("bad password: %v (%d tokens, %d data calls)", err, srv.issued(), srv.dataCalls.Load())
	}
	errs := []error{err}

	// A static token the API rejects: no refetch, ErrUnauthorized.
	token := "static-Token-" + strings.Repeat("z", 30)
	c2 := newClient(t, base, openf1.WithToken(token), openf1.WithLogger(logger))
	_, err = c2.Raw(context.Background(), openf1.EndpointLaps, nil)
	if !errors.Is(err, openf1.ErrUnauthorized) || srv.dataCalls.Load() != 1 {
		t.Fatalf("static token: %v, %d data calls", err, srv.dataCalls.Load())
	}
	errs = append(errs, err)

	// A token the server echoes back in an error body is redacted.
	echo := &recorder{answer: func(n int, w http.ResponseWriter, r *http.Request) {
		http.Error(w, "bad header: "+r.Header.Get("Authorization"), http.StatusBadRequest)
	}}
	c3 := newClient(t, newServer(t, echo), openf1.WithToken(token), openf1.WithLogger(logger))
	_, err = c3.Laps(context.Background(), openf1.LapsFilter{})
	if err == nil {
		t.Fatal("echo server: no error")
	}
	errs = append(errs, err)

	// A token endpoint that echoes the form back.
	echoForm := &recorder{answer: func(n int, w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		http.Error(w, "cannot log in "+r.PostForm.Encode()+" "+r.PostFormValue("password"), http.StatusInternalServerError)
	}}
	c4 := newClient(t, newServer(t, echoForm), openf1.WithCredentials(testUser, testPassword), openf1.WithLogger(logger))
	_, err = c4.Laps(context.Background(), openf1.LapsFilter{})
	if err == nil {
		t.Fatal("echo form: no error")
	}
	errs = append(errs, err)

	for _, e := range errs {
		for _, secret := range []string{testPassword, url.QueryEscape(testPassword), token, "Secret"} {
			if strings.Contains(e.Error(), secret) || strings.Contains(fmt.Sprintf("%+v", e), secret) {
				t.Errorf("error leaks a secret: %v", e)
			}
		}
	}
	for _, secret := range []string{testPassword, url.QueryEscape(testPassword), token, "tok-1-"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("log leaks a secret %q:\n%s", secret, logs.String())
		}
	}
	if !strings.Contains(logs.String(), "openf1: request") {
		t.Fatalf("nothing was logged:\n%s", logs.String())
	}
}

func TestAuthNotSentToOtherHosts(t *testing.T) {
	t.Parallel()
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			t.Errorf("token sent to another host on redirect")
		}
		jsonAnswer(200, "[]")(0, w, r)
	}))
	t.Cleanup(other.Close)
	redirect := &recorder{answer: func(n int, w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" {
			t.Errorf("API host did not get the token")
		}
		http.Redirect(w, r, other.URL+"/v1/laps", http.StatusFound)
	}}
	c := newClient(t, newServer(t, redirect), openf1.WithToken("tok"))
	if _, err := c.Raw(context.Background(), openf1.EndpointLaps, nil); err != nil {
		t.Fatal(err)
	}
}
