#pragma once

#include "base/result.h"
#include "gpustack/resources.h"
#include "gpustack/serverendpoint.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QUrlQuery>

#include <functional>
#include <memory>
#include <optional>

namespace parallax {

// Filters of the list endpoints (ref/gpustack-api.md §3: cluster_id is v2 only).
struct ListFilter {
    std::optional<qint64> clusterId;
    QString search;  // case-insensitive substring of the name
};

// The query of page `page` of a list, and of a watch stream of the same list.
QUrlQuery listQuery(const ListFilter &filter, ApiVersion api, int page, int perPage);
QUrlQuery watchQuery(const ListFilter &filter, ApiVersion api);

// How much one listing may read over all its pages (GpuStackClient::setMaxListing).
struct ListLimits {
    int pageSize = 100;
    qint64 maxItems = 0;
    qint64 maxBytes = 0;
};

// What a listing has read so far.
struct ListWalk {
    qint64 items = 0;
    qint64 bytes = 0;
};

// Counts one page (`bytes` of reply body) against the limits before its items are kept: a page
// with more entries than asked, a server that claims more than a listing may hold, or pages that
// add up to more end the listing with an error. `bareArray`: the reply was a JSON array, all
// there is (no paging). Adds the page to `walk` when it is admitted.
std::optional<Error> admitPage(const ListPage &page, bool bareArray, qint64 bytes, const QString &resource,
    const ListLimits &limits, ListWalk &walk);

// Fetches one page (`query`) of the list as JSON, telling the size of its body.
using PageFetch =
    std::function<void(const QUrlQuery &query, std::function<void(Result<QJsonDocument>, qint64 bytes)> done)>;

// Walks a list page by page to its end; each item goes to `onItem` as its page arrives, so a
// listing of 10,000 workers never holds more than one page of JSON at a time.
void walkPages(const PageFetch &fetch, const QString &resource, const ListFilter &filter, ApiVersion api,
    const ListLimits &limits, std::function<void(const QJsonObject &)> onItem, std::function<void(Result<void>)> done);

}  // namespace parallax
