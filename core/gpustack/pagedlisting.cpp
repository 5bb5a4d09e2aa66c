#include "gpustack/pagedlisting.h"

#include "base/logging.h"
#include "base/trcontexts.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

void addFilter(QUrlQuery &q, const ListFilter &filter, ApiVersion api)
{
    if (filter.clusterId && api != ApiVersion::V0)
        q.addQueryItem(u"cluster_id"_s, QString::number(*filter.clusterId));
    if (!filter.search.isEmpty())
        q.addQueryItem(u"search"_s, filter.search);
}

Error listTooLong(const QString &resource, const ListLimits &limits, const QString &detail)
{
    return Error{ErrorCode::ReplyTooLarge,
        GpuStack::tr("The server's list of %1 is longer than Parallax reads (at most %L2 entries or %L3 MiB). "
                     "Parallax stopped reading it; check that the server is GPUStack and that no proxy "
                     "alters its answers.")
            .arg(resource)
            .arg(limits.maxItems)
            .arg(limits.maxBytes / (1024 * 1024)),
        detail};
}

struct Walk {
    PageFetch fetch;
    QString resource;
    ListFilter filter;
    ApiVersion api;
    ListLimits limits;
    std::function<void(const QJsonObject &)> onItem;
    std::function<void(Result<void>)> done;
    ListWalk read;
};

void walkFrom(const std::shared_ptr<Walk> &walk, int page)
{
    const QUrlQuery query = listQuery(walk->filter, walk->api, page, walk->limits.pageSize);
    walk->fetch(query, [walk, page](Result<QJsonDocument> r, qint64 bytes) {
        if (!r.ok()) {
            walk->done(r.error());
            return;
        }
        const Result<ListPage> p = listPageFromJson(r.value());
        if (!p.ok()) {
            walk->done(p.error());
            return;
        }
        if (auto refused = admitPage(*p, !r.value().isObject(), bytes, walk->resource, walk->limits, walk->read)) {
            refused->detail = u"page %1 of "_s.arg(page) + refused->detail;
            walk->done(*refused);
            return;
        }
        for (const QJsonValue &v : p->items) {
            if (v.isObject())
                walk->onItem(v.toObject());
            else
                qCWarning(lcGpustack) << "skipping a non-object list item in" << walk->resource;
        }
        // Walk to totalPage; stop on an empty page too, so a server that lies cannot loop us.
        if (page < p->totalPage && !p->items.isEmpty()) {
            walkFrom(walk, page + 1);
            return;
        }
        walk->done({});
    });
}

}  // namespace

QUrlQuery listQuery(const ListFilter &filter, ApiVersion api, int page, int perPage)
{
    QUrlQuery q;
    q.addQueryItem(u"page"_s, QString::number(page));
    q.addQueryItem(u"perPage"_s, QString::number(perPage));
    addFilter(q, filter, api);
    return q;
}

QUrlQuery watchQuery(const ListFilter &filter, ApiVersion api)
{
    QUrlQuery q;
    q.addQueryItem(u"watch"_s, u"true"_s);
    addFilter(q, filter, api);
    return q;
}

std::optional<Error> admitPage(const ListPage &page, bool bareArray, qint64 bytes, const QString &resource,
    const ListLimits &limits, ListWalk &walk)
{
    if (page.items.size() > limits.pageSize && !bareArray) {
        return Error{ErrorCode::MalformedReply,
            GpuStack::tr("The server sent %L1 entries on one page of its list of %2, where Parallax asked "
                         "for at most %L3. Parallax stopped reading the list; check that the server is "
                         "GPUStack and that no proxy alters its answers.")
                .arg(page.items.size())
                .arg(resource)
                .arg(limits.pageSize),
            u"%1: %2 items, perPage %3"_s.arg(resource).arg(page.items.size()).arg(limits.pageSize)};
    }
    const qint64 maxPages = (limits.maxItems + limits.pageSize - 1) / limits.pageSize;
    if (page.total > limits.maxItems || page.totalPage > maxPages)
        return listTooLong(
            resource, limits, u"%1 claims total %2, totalPage %3"_s.arg(resource).arg(page.total).arg(page.totalPage));
    walk.items += page.items.size();
    walk.bytes += bytes;
    if (walk.items > limits.maxItems || walk.bytes > limits.maxBytes)
        return listTooLong(
            resource, limits, u"%1 so far hold %2 items, %3 bytes"_s.arg(resource).arg(walk.items).arg(walk.bytes));
    return std::nullopt;
}

void walkPages(const PageFetch &fetch, const QString &resource, const ListFilter &filter, ApiVersion api,
    const ListLimits &limits, std::function<void(const QJsonObject &)> onItem, std::function<void(Result<void>)> done)
{
    auto walk =
        std::make_shared<Walk>(Walk{fetch, resource, filter, api, limits, std::move(onItem), std::move(done), {}});
    walkFrom(walk, 1);
}

}  // namespace parallax
