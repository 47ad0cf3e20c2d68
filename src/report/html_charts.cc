#include <algorithm>
#include <cmath>
#include <cstdio>

#include "report/html.h"
#include "report/html_parts.h"
#include "core/text.h"

namespace evolbench::html {

namespace {
constexpr const char* kColours[] = {"#2f6fde", "#d9480f", "#2b8a3e", "#862e9c", "#c2255c", "#5f3dc4",
                                    "#0b7285", "#e67700"};

std::string attribute(const char* name, double value) {
  return std::string(" ") + name + "=\"" + fixed(value, 1) + "\"";
}
}  // namespace

std::string short_label(const std::string& text, std::size_t length) {
  const std::size_t cut = code_point_offset(text, length);
  return html_escape(text.substr(0, cut)) + (cut < text.size() ? "&#8230;" : "");
}

std::string heat_colour(double rate) {
  const double t = std::clamp(2.0 * rate - 1.0, -1.0, 1.0);  // -1 red .. 0 white .. 1 blue
  const auto mix = [&](int towards) {
    return static_cast<int>(std::lround(255.0 + (towards - 255.0) * std::abs(t) * 0.75));
  };
  char buffer[8];
  if (t < 0) std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x", mix(224), mix(72), mix(72));
  else std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x", mix(47), mix(111), mix(222));
  return buffer;
}

const char* model_colour(std::size_t index) { return kColours[index % std::size(kColours)]; }

std::string difficulty_chart(const std::map<std::string, PooledStrata>& pooled,
                             const std::vector<std::string>& models) {
  const double left = 50, top = 15, width = 600, height = 260;
  const auto x = [&](int level) { return left + (level - 1) * width / 9.0; };
  const auto y = [&](double rate) { return top + (1.0 - rate) * height; };
  std::string svg = "<svg class=\"chart\" viewBox=\"0 0 900 310\" role=\"img\" "
                    "aria-label=\"win rate by difficulty level\">";
  for (int tick = 0; tick <= 4; ++tick) {
    const double rate = tick / 4.0;
    svg += "<line" + attribute("x1", left) + attribute("x2", left + width) + attribute("y1", y(rate)) +
           attribute("y2", y(rate)) + " stroke=\"" + (tick == 2 ? "#99a" : "#e3e5ee") + "\"" +
           (tick == 2 ? " stroke-dasharray=\"4 3\"" : "") + "/>";
    svg += "<text x=\"6\"" + attribute("y", y(rate) + 4) + ">" + percent(rate) + "</text>";
  }
  for (int level = 1; level <= 10; ++level)
    svg += "<text" + attribute("x", x(level) - 4) + attribute("y", top + height + 18) + ">" +
           std::to_string(level) + "</text>";
  svg += "<text" + attribute("x", left + width / 2 - 45) + " y=\"306\">difficulty level</text>";
  for (std::size_t index = 0; index < models.size(); ++index) {
    const auto found = pooled.find(models[index]);
    if (found == pooled.end()) continue;
    const std::string colour = model_colour(index);
    std::string line, band_top, band_bottom, dots;
    for (const auto& [level, stratum] : found->second.by_difficulty) {
      const int n = stratum.tally.n();
      if (n == 0 || level < 1 || level > 10) continue;
      const double rate = stratum.tally.win_rate();
      line += fixed(x(level), 1) + "," + fixed(y(rate), 1) + " ";
      band_top += fixed(x(level), 1) + "," + fixed(y(stratum.ci95.high), 1) + " ";
      band_bottom = fixed(x(level), 1) + "," + fixed(y(stratum.ci95.low), 1) + " " + band_bottom;
      dots += "<circle" + attribute("cx", x(level)) + attribute("cy", y(rate)) + " r=\"3.5\" fill=\"" +
              (n < kSmallStratum ? "#fff" : colour) + "\" stroke=\"" + colour + "\"><title>" +
              html_escape(models[index]) + ", level " + std::to_string(level) + ": " + percent(rate) +
              " [" + percent(stratum.ci95.low) + ", " + percent(stratum.ci95.high) + "], n=" +
              std::to_string(n) + "</title></circle>";
    }
    svg += "<polygon fill=\"" + colour + "\" fill-opacity=\"0.12\" stroke=\"none\" points=\"" + band_top +
           band_bottom + "\"/>";
    svg += "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"" + colour + "\" points=\"" + line + "\"/>";
    svg += dots;
    svg += "<rect" + attribute("x", left + width + 20) + attribute("y", top + 6 + 20.0 * static_cast<double>(index)) +
           " width=\"12\" height=\"4\" fill=\"" + colour + "\"/>";
    svg += "<text" + attribute("x", left + width + 38) + attribute("y", top + 12 + 20.0 * static_cast<double>(index)) + "><title>" +
           html_escape(models[index]) + "</title>" + short_label(models[index], 28) + "</text>";
  }
  return svg + "</svg>";
}

std::vector<double> round_ticks(double low, double high, int most) {
  const double raw = (high - low) / most;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  double step = 10.0 * power;
  for (const double factor : {1.0, 2.0, 5.0})
    if (factor * power >= raw) {
      step = factor * power;
      break;
    }
  std::vector<double> ticks;
  // Multiples of the step, counted as integers so no rounding error accumulates.
  for (double k = std::ceil(low / step); k * step <= high; ++k) ticks.push_back(k * step);
  return ticks;
}

std::string forest_plot(const std::vector<LeaderboardEntry>& entries) {
  double low = 1000, high = 1000;
  for (const auto& entry : entries)
    if (entry.rating) {
      low = std::min(low, entry.rating->ci95.low);
      high = std::max(high, entry.rating->ci95.high);
    }
  const double margin = std::max(10.0, 0.08 * (high - low));
  low -= margin;
  high += margin;
  const double left = 220, width = 520, row = 26;
  const auto x = [&](double elo) { return left + (elo - low) / (high - low) * width; };
  const double height = row * static_cast<double>(entries.size()) + 40;
  std::string svg = "<svg class=\"chart\" viewBox=\"0 0 780 " + fixed(height, 0) +
                    "\" role=\"img\" aria-label=\"ratings with 95% intervals\">";
  svg += "<line" + attribute("x1", x(1000)) + attribute("x2", x(1000)) + " y1=\"5\"" +
         attribute("y2", height - 25) + " stroke=\"#99a\" stroke-dasharray=\"4 3\"/>";
  for (const double elo : round_ticks(low, high, 5)) {
    svg += "<line" + attribute("x1", x(elo)) + attribute("x2", x(elo)) + attribute("y1", height - 25) +
           attribute("y2", height - 20) + " stroke=\"#99a\"/>";
    svg += "<text class=\"tick\" text-anchor=\"middle\"" + attribute("x", x(elo)) + attribute("y", height - 8) + ">" +
           fixed(elo, 0) + "</text>";
  }
  double y = 20;
  for (const auto& entry : entries) {
    if (!entry.rating) continue;
    const Rating& r = *entry.rating;
    svg += "<text x=\"8\"" + attribute("y", y + 4) + "><title>" + html_escape(r.model) + "</title>" +
           short_label(r.model, 30) + "</text>";
    svg += "<line" + attribute("x1", x(r.ci95.low)) + attribute("x2", x(r.ci95.high)) + attribute("y1", y) +
           attribute("y2", y) + " stroke=\"#334\" stroke-width=\"2\"/>";
    svg += "<circle" + attribute("cx", x(r.elo)) + attribute("cy", y) + " r=\"5\" fill=\"#2f6fde\"><title>" +
           html_escape(r.model) + ": " + fixed(r.elo, 1) + " [" + fixed(r.ci95.low, 1) + ", " +
           fixed(r.ci95.high, 1) + "]</title></circle>";
    y += row;
  }
  return svg + "</svg>";
}

std::string histogram_chart(const std::map<int, int>& counts, const std::string& label) {
  int most = 1;
  for (const auto& [level, count] : counts) most = std::max(most, count);
  std::string svg = "<svg class=\"chart histogram\" viewBox=\"0 0 420 185\" role=\"img\" aria-label=\"" +
                    html_escape(label) + "\"><text x=\"10\" y=\"12\">" + html_escape(label) + "</text>";
  for (int level = 1; level <= 10; ++level) {
    const auto found = counts.find(level);
    const int count = found == counts.end() ? 0 : found->second;
    const double bar = 130.0 * count / most;
    const double x = 10 + (level - 1) * 40;
    svg += "<rect" + attribute("x", x) + attribute("y", 155 - bar) + " width=\"30\"" + attribute("height", bar) +
           " fill=\"#6c8ed8\"><title>level " + std::to_string(level) + ": " + std::to_string(count) +
           " items</title></rect>";
    if (count) svg += "<text" + attribute("x", x + 8) + attribute("y", 151 - bar) + ">" + std::to_string(count) + "</text>";
    svg += "<text" + attribute("x", x + 10) + " y=\"173\">" + std::to_string(level) + "</text>";
  }
  return svg + "</svg>";
}

}  // namespace evolbench::html
