package openf1test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// postToken logs in with a plain form POST.
func postToken(t *testing.T, s *Server, user, pass string) response {
	t.Helper()
	form := url.Values{"username": {user}, "password": {pass}}
	return do(t, http.MethodPost, s.URL()+"/token", strings.NewReader(form.Encode()),
		http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
}

func bearerHeader(token string) http.Header {
	return http.Header{"Authorization": {"Bearer " + token}}
}

func TestToken(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, smallSource(), WithCredentials("fan@example.com", "s3cret"))

	r := postToken(t, s, "fan@example.com", "s3cret")
	if r.status != 200 || r.header.Get("Content-Type") != "application/json" {
		t.Fatalf("token: %d %s", r.status, r.body)
	}
	var tok map[string]any
	if err := json.Unmarshal(r.body, &tok); err != nil {
		t.Fatal(err)
	}
	if tok["expires_in"] != "3600" || tok["token_type"] != "bearer" || tok["access_token"] == "" {
		t.Errorf("token response %s", r.body)
	}
	if !strings.HasPrefix(string(r.body), `{"expires_in":"3600","access_token":"`) {
		t.Errorf("field order differs from the API's: %s", r.body)
	}

	r = postToken(t, s, "fan@example.com", "wrong")
	if r.status != 401 || string(r.body) != `{"detail":"Incorrect username or password"}` {
		t.Errorf("bad password: %d %s", r.status, r.body)
	}
	r = postToken(t, s, "", "s3cret")
	if r.status != 422 || !strings.Contains(string(r.body), `"loc":["body","username"]`) {
		t.Errorf("missing username: %d %s", r.status, r.body)
	}
	if r := get(t, s.URL()+"/token"); r.status != 405 {
		t.Errorf("GET /token: %d", r.status)
	}
	for _, e := range s.Requests() {
		if strings.Contains(e.RawQuery+e.Path, "s3cret") {
			t.Errorf("credentials in the request log: %+v", e)
		}
	}
	if st := s.Stats(); st.TokensIssued != 1 || st.ByEndpoint[TokenEndpoint] != 4 {
		t.Errorf("stats %+v", st)
	}

	noAccount := newTestServer(t, smallSource(), WithNumericExpiresIn())
	if r := postToken(t, noAccount, "a", "b"); r.status != 401 {
		t.Errorf("server without an account issued a token: %d", r.status)
	}
	numeric := newTestServer(t, smallSource(), WithCredentials("a", "b"), WithNumericExpiresIn(), WithTokenLifetime(90*time.Second))
	if r := postToken(t, numeric, "a", "b"); !strings.HasPrefix(string(r.body), `{"expires_in":90,`) {
		t.Errorf("numeric expires_in: %s", r.body)
	}
}

func TestRequireAuth(t *testing.T) {
	t.Parallel()
	clock := newClock(mustTime("2026-06-01T12:00:00Z"))
	s := newTestServer(t, smallSource(), WithCredentials("u", "p"), WithRequireAuth(), WithNow(clock.now))
	data := s.URL() + "/v1/stints?session_key=9488"

	r := get(t, data)
	if r.status != 401 || detail(t, r.body) != "Not authenticated" {
		t.Errorf("no token: %d %s", r.status, r.body)
	}
	r = do(t, "GET", data, nil, bearerHeader("made-up"))
	if r.status != 401 || detail(t, r.body) != "Invalid or expired token" {
		t.Errorf("unknown token: %d %s", r.status, r.body)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(postToken(t, s, "u", "p").body, &tok); err != nil {
		t.Fatal(err)
	}
	if r := do(t, "GET", data, nil, bearerHeader(tok.AccessToken)); r.status != 200 {
		t.Errorf("valid token: %d %s", r.status, r.body)
	}
	clock.add(59 * time.Minute)
	if r := do(t, "GET", data, nil, bearerHeader(tok.AccessToken)); r.status != 200 {
		t.Errorf("token after 59 min: %d", r.status)
	}
	clock.add(time.Minute)
	if r := do(t, "GET", data, nil, bearerHeader(tok.AccessToken)); r.status != 401 {
		t.Errorf("token after its hour: %d", r.status)
	}
	fresh := s.IssueToken()
	if r := do(t, "GET", data, nil, bearerHeader(fresh)); r.status != 200 {
		t.Errorf("IssueToken: %d", r.status)
	}
	s.ExpireTokens()
	if r := do(t, "GET", data, nil, bearerHeader(fresh)); r.status != 401 {
		t.Errorf("after ExpireTokens: %d", r.status)
	}
	if e := s.Requests()[1]; !e.Auth {
		t.Error("log does not record the Authorization header's presence")
	}
}

func TestLiveSession(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, smallSource(), WithLiveSession(LiveOn))
	data := s.URL() + "/v1/stints?session_key=9488"
	r := get(t, data)
	if r.status != 401 || detail(t, r.body) != LiveSessionDetail {
		t.Errorf("live, no token: %d %s", r.status, r.body)
	}
	if r := do(t, "GET", data, nil, bearerHeader(s.IssueToken())); r.status != 200 {
		t.Errorf("live, token: %d", r.status)
	}
	s.SetLive(LiveOff)
	if r := get(t, data); r.status != 200 {
		t.Errorf("not live: %d", r.status)
	}

	// LiveAuto: 30 minutes either side of the 2024 Australian GP (04:00–06:00 UTC).
	clock := newClock(mustTime("2024-03-24T03:29:00Z"))
	auto := newTestServer(t, smallSource(), WithLiveSession(LiveAuto), WithNow(clock.now))
	for _, step := range []struct {
		at     string
		status int
	}{
		{"03:29", 200}, {"03:31", 401}, {"05:00", 401}, {"06:29", 401}, {"06:31", 200},
	} {
		clock.set(mustTime("2024-03-24T" + step.at + ":00Z"))
		if r := get(t, auto.URL()+"/v1/stints?session_key=9488"); r.status != step.status {
			t.Errorf("LiveAuto at %s: %d, want %d", step.at, r.status, step.status)
		}
	}
}
