// evolbench-sim-server: the simulated models (sim/sim.h) behind an OpenAI-compatible
// HTTP API on 127.0.0.1, with faults injected by flag, for tests and benchmarks.
//
//   GET  /v1/models             the models served
//   POST /v1/chat/completions   a chat completion (with choices[0].logprobs.content when
//                               asked for logprobs and top_logprobs), or an injected fault
//   GET  /stats                 {"requests", "completions", "repeated_completions", ...}
//
// "repeated_completions" counts successful completions whose request body had been
// answered successfully before: a client that never pays twice keeps it at zero.
// A request with an Idempotency-Key header whose key was answered successfully before
// gets the same answer again, counted in "replayed" and not as a completion (as payment
// APIs honour such keys); a fault drawn for it still applies.
// The first line on stdout is "listening on 127.0.0.1:PORT" (--port 0 picks a free
// port). Faults are drawn per request from --seed.
#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>
#include <unordered_set>

#include "sim/sim.h"

namespace {

using evolbench::CompletionRequest;

struct Options {
  int port = 0;
  std::uint64_t seed = 1;
  // httplib gives each connection a thread for as long as it is kept alive; a client
  // with more connections than threads has the rest wait for the 5 s keep-alive timeout.
  std::size_t threads = 256;
  std::vector<evolbench::SimAnswerModel> models;
  double latency_ms = 0;      // mean of an exponential delay before every reply
  double share_429 = 0;       // replied 429 with Retry-After
  int retry_after_s = 1;
  double share_500 = 0;
  double share_drop = 0;      // headers sent, then the connection closed
  double share_malformed = 0; // 200 with a body that is not JSON
  double share_truncated = 0; // 200 with the JSON cut in half
  double share_slow = 0;      // headers delayed by slow_ms
  int slow_ms = 2000;
  double judge_unparsable = 0;  // share of sim-judge outputs with no verdict in them
  double judge_flip_rate = 0;   // sim-judge's SimJudge::flip_rate
  std::string judge_family;     // sim-judge's family, toward which it leans by judge_self_bias
  double judge_self_bias = 0;
};

const char* kUsage =
    "usage: evolbench-sim-server [--port N] [--seed N] [--threads N]\n"
    "  [--model NAME:QUALITY[:SLOPE[:VERBOSITY[:LATER_TURN_QUALITY]]]]... [--latency-ms MEAN]\n"
    "  [--429 SHARE] [--retry-after SECONDS] [--500 SHARE] [--drop SHARE]\n"
    "  [--malformed SHARE] [--truncated SHARE] [--slow SHARE] [--slow-ms MS]\n"
    "  [--judge-unparsable SHARE] [--judge-flip-rate SHARE] [--judge-self-bias FAMILY:LOGITS]\n";

bool parse_model(const std::string& text, evolbench::SimAnswerModel& model) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t colon; (colon = text.find(':', start)) != std::string::npos; start = colon + 1)
    parts.push_back(text.substr(start, colon - start));
  parts.push_back(text.substr(start));
  if (parts[0].empty() || parts.size() > 5) return false;
  model.name = parts[0];
  try {
    if (parts.size() > 1) model.quality = std::stod(parts[1]);
    if (parts.size() > 2) model.difficulty_slope = std::stod(parts[2]);
    if (parts.size() > 3) model.verbosity = std::stod(parts[3]);
    if (parts.size() > 4) model.later_turn_quality = std::stod(parts[4]);
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

bool parse_options(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) return false;
    const std::string value = argv[++i];
    try {
      if (flag == "--port") options.port = std::stoi(value);
      else if (flag == "--seed") options.seed = std::stoull(value);
      else if (flag == "--threads") options.threads = std::stoul(value);
      else if (flag == "--latency-ms") options.latency_ms = std::stod(value);
      else if (flag == "--429") options.share_429 = std::stod(value);
      else if (flag == "--retry-after") options.retry_after_s = std::stoi(value);
      else if (flag == "--500") options.share_500 = std::stod(value);
      else if (flag == "--drop") options.share_drop = std::stod(value);
      else if (flag == "--malformed") options.share_malformed = std::stod(value);
      else if (flag == "--truncated") options.share_truncated = std::stod(value);
      else if (flag == "--slow") options.share_slow = std::stod(value);
      else if (flag == "--slow-ms") options.slow_ms = std::stoi(value);
      else if (flag == "--judge-unparsable") options.judge_unparsable = std::stod(value);
      else if (flag == "--judge-flip-rate") options.judge_flip_rate = std::stod(value);
      else if (flag == "--judge-self-bias") {
        const auto colon = value.rfind(':');
        if (colon == 0 || colon == std::string::npos) return false;
        options.judge_family = value.substr(0, colon);
        options.judge_self_bias = std::stod(value.substr(colon + 1));
      }
      else if (flag == "--model") {
        evolbench::SimAnswerModel model;
        if (!parse_model(value, model)) return false;
        options.models.push_back(model);
      } else {
        return false;
      }
    } catch (const std::exception&) {
      return false;
    }
  }
  if (options.models.empty())
    options.models = {{"sim-strong", 0.9, 0.4, 1.0}, {"sim-weak", 0.0, -0.3, 0.8}};
  return options.threads > 0;
}

// Fields set by name, so fields added to SimWorld keep their defaults.
evolbench::SimWorld world_of(const Options& options) {
  evolbench::SimWorld world;
  world.seed = options.seed;
  world.answer_models = options.models;
  world.judge.unparsable_rate = options.judge_unparsable;
  world.judge.flip_rate = options.judge_flip_rate;
  world.judge.family = options.judge_family;
  world.judge.self_bias = options.judge_self_bias;
  return world;
}

enum class Fault { kNone, k429, k500, kDrop, kMalformed, kTruncated };

class SimServer {
 public:
  explicit SimServer(const Options& options)
      : options_(options),
        backend_(world_of(options)),
        random_(options.seed) {}

  void serve_models(httplib::Response& response) const {
    nlohmann::json data = nlohmann::json::array();
    const auto add = [&](const std::string& name) {
      data.push_back({{"id", name}, {"object", "model"}, {"created", 0}, {"owned_by", "evolbench-sim"}});
    };
    for (const auto& model : options_.models) add(model.name);
    for (const char* name : {evolbench::kSimJudge, evolbench::kSimGrader, evolbench::kSimEvolver}) add(name);
    response.set_content(nlohmann::json{{"object", "list"}, {"data", data}}.dump(), "application/json");
  }

  void serve_stats(httplib::Response& response) const {
    response.set_content(nlohmann::json{{"requests", requests_.load()},
                                        {"completions", completions_.load()},
                                        {"repeated_completions", repeated_.load()},
                                        {"replayed", replayed_.load()},
                                        {"faults", faults_.load()}}
                             .dump(),
                         "application/json");
  }

  void serve_completion(const httplib::Request& http_request, httplib::Response& response) {
    ++requests_;
    const auto [fault, delay] = draw();
    if (delay.count() > 0) std::this_thread::sleep_for(delay);
    if (fault != Fault::kNone) ++faults_;
    switch (fault) {
      case Fault::k429:
        response.status = 429;
        response.set_header("Retry-After", std::to_string(options_.retry_after_s));
        return error(response, 429, "rate limit reached (simulated)");
      case Fault::k500:
        return error(response, 500, "internal error (simulated)");
      case Fault::kDrop:
        // The headers go out, then the connection closes mid-body.
        response.set_chunked_content_provider("application/json",
                                              [](std::size_t, httplib::DataSink&) { return false; });
        return;
      case Fault::kMalformed:
        response.set_content("<html>upstream hiccup (simulated)</html>", "application/json");
        return;
      default:
        break;
    }
    // The simulated models answer a request the same way each time, so a replay is the
    // reply made again: keeping each reply would grow this server by a kilobyte a
    // request, and the page faults of that growth would slow it for the clients that
    // send keys only.
    const std::string idempotency_key = http_request.get_header_value("Idempotency-Key");
    const std::size_t key_hash = std::hash<std::string>{}(idempotency_key);
    bool replay = false;
    if (!idempotency_key.empty()) {
      const std::lock_guard lock(mutex_);
      replay = answered_keys_.contains(key_hash);
    }

    const auto body = nlohmann::json::parse(http_request.body, nullptr, /*allow_exceptions=*/false);
    CompletionRequest request;
    if (!read_request(body, request)) return error(response, 400, "not a chat completion request");
    auto completion = backend_.complete(request);
    if (!completion.ok()) return error(response, 404, completion.error().message);
    nlohmann::json choice = {{"index", 0},
                             {"message", {{"role", "assistant"}, {"content", completion->text}}},
                             {"logprobs", nullptr},
                             {"finish_reason", "stop"}};
    if (completion->logprobs)
      choice["logprobs"] = {{"content", nlohmann::json::parse(evolbench::logprobs_to_json(*completion->logprobs))}};
    const nlohmann::json reply = {
        {"id", "chatcmpl-sim-" + std::to_string(requests_.load())},
        {"object", "chat.completion"},
        {"created", std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::system_clock::now().time_since_epoch()).count()},
        {"model", request.model},
        {"choices", nlohmann::json::array({std::move(choice)})},
        {"usage", {{"prompt_tokens", completion->prompt_tokens},
                   {"completion_tokens", completion->completion_tokens},
                   {"total_tokens", completion->prompt_tokens + completion->completion_tokens}}}};
    std::string text = reply.dump();
    if (fault == Fault::kTruncated) {
      text.resize(text.size() / 2);
      response.set_content(text, "application/json");
      return;
    }
    {
      const std::lock_guard lock(mutex_);
      if (replay) {
        ++replayed_;
      } else {
        ++completions_;
        if (!answered_.insert(std::hash<std::string>{}(http_request.body)).second) ++repeated_;
        if (!idempotency_key.empty()) answered_keys_.insert(key_hash);
      }
    }
    response.set_content(text, "application/json");
  }

 private:
  static bool read_request(const nlohmann::json& body, CompletionRequest& request) {
    if (!body.is_object() || !body.contains("model") || !body["model"].is_string() ||
        !body.contains("messages") || !body["messages"].is_array())
      return false;
    request.model = body["model"].get<std::string>();
    for (const auto& message : body["messages"]) {
      if (!message.is_object() || !message.contains("content") || !message["content"].is_string())
        return false;
      request.messages.push_back({message.value("role", "user"), message["content"].get<std::string>()});
    }
    if (body.contains("temperature") && body["temperature"].is_number())
      request.params.temperature = body["temperature"].get<double>();
    if (body.contains("max_tokens") && body["max_tokens"].is_number_integer())
      request.params.max_tokens = body["max_tokens"].get<int>();
    if (body.value("logprobs", false) && body.contains("top_logprobs") && body["top_logprobs"].is_number_integer())
      request.params.top_logprobs = body["top_logprobs"].get<int>();
    if (body.contains("seed") && body["seed"].is_number_integer())
      request.params.seed = body["seed"].get<std::int64_t>();
    return true;
  }

  static void error(httplib::Response& response, int status, const std::string& message) {
    response.status = status;
    response.set_content(nlohmann::json{{"error", {{"message", message}, {"type", "sim_error"}}}}.dump(),
                         "application/json");
  }

  std::pair<Fault, std::chrono::milliseconds> draw() {
    const std::lock_guard lock(mutex_);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    double delay_ms = 0;
    if (options_.latency_ms > 0)
      delay_ms += std::exponential_distribution<double>(1.0 / options_.latency_ms)(random_);
    if (uniform(random_) < options_.share_slow) delay_ms += options_.slow_ms;
    const double u = uniform(random_);
    double edge = 0;
    Fault fault = Fault::kNone;
    for (const auto& [share, kind] : {std::pair{options_.share_429, Fault::k429},
                                      {options_.share_500, Fault::k500},
                                      {options_.share_drop, Fault::kDrop},
                                      {options_.share_malformed, Fault::kMalformed},
                                      {options_.share_truncated, Fault::kTruncated}}) {
      edge += share;
      if (u < edge) {
        fault = kind;
        break;
      }
    }
    return {fault, std::chrono::milliseconds(static_cast<std::int64_t>(delay_ms))};
  }

  const Options& options_;
  evolbench::SimBackend backend_;
  std::mutex mutex_;
  std::mt19937_64 random_;
  std::unordered_set<std::size_t> answered_;
  std::unordered_set<std::size_t> answered_keys_;  // hashes of Idempotency-Keys answered
  std::atomic<std::int64_t> requests_{0}, completions_{0}, repeated_{0}, replayed_{0}, faults_{0};
};

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parse_options(argc, argv, options)) {
    std::cerr << kUsage;
    return 2;
  }
  SimServer sim(options);
  httplib::Server server;
  const std::size_t threads = options.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // httplib writes the headers and the body separately; with Nagle on, the body waits
  // for the client's delayed ACK (about 40 ms), which would cap every benchmark.
  server.set_tcp_nodelay(true);
  // httplib listens with a backlog of 5: when a client opens its connections at once
  // on a loaded machine the rest of the SYNs are dropped and retried after 1, 3, 7 s,
  // which looks like a stalled run with no error. The listening socket is noted here
  // and given a real backlog once httplib has bound it.
  // httplib's default options set SO_REUSEPORT, with which a second server binds a
  // port already served and the two share its connections without a word; SO_REUSEADDR
  // alone still allows a restart over connections in TIME_WAIT.
  int listening_socket = -1;
  server.set_socket_options([&listening_socket](socket_t socket) {
    const int yes = 1;
    ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listening_socket = socket;
  });
  server.set_keep_alive_max_count(1000000);
  server.set_payload_max_length(64u << 20);
  server.Get("/v1/models", [&](const httplib::Request&, httplib::Response& response) {
    sim.serve_models(response);
  });
  server.Get("/stats", [&](const httplib::Request&, httplib::Response& response) {
    sim.serve_stats(response);
  });
  server.Post("/v1/chat/completions", [&](const httplib::Request& request, httplib::Response& response) {
    sim.serve_completion(request, response);
  });
  int port = options.port;
  errno = 0;
  if (port == 0) port = server.bind_to_any_port("127.0.0.1");
  else if (!server.bind_to_port("127.0.0.1", port)) port = -1;
  if (port <= 0 && errno == EADDRINUSE) {
    std::cerr << "evolbench-sim-server: port " << options.port << " is in use\n";
    return 2;
  }
  if (port <= 0 || ::listen(listening_socket, SOMAXCONN) != 0) {
    std::cerr << "evolbench-sim-server: cannot listen on 127.0.0.1:" << options.port << ": "
              << std::strerror(errno) << "\n";
    return 3;
  }
  std::printf("listening on 127.0.0.1:%d\n", port);
  std::fflush(stdout);
  return server.listen_after_bind() ? 0 : 3;
}
