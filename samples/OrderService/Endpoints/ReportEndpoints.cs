using OrderService.Services;

namespace OrderService.Endpoints;

public static class ReportEndpoints
{
    public static RouteGroupBuilder MapReports(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports");

        reports.MapGet("/recent-orders", (OrderReportService svc, CancellationToken ct, int take = 10) =>
            svc.GetRecentOrderSummariesAsync(take, ct));
        reports.MapGet("/recent-orders/slow", (OrderReportService svc, CancellationToken ct, int take = 10) =>
            svc.GetRecentOrderSummariesSlowAsync(take, ct));

        reports.MapGet("/backorders", (OrderReportService svc, CancellationToken ct) => svc.GetBackordersAsync(ct));
        reports.MapGet("/backorders/slow", (OrderReportService svc) => svc.GetBackordersSlow());

        reports.MapGet("/line-counts", (OrderReportService svc, CancellationToken ct) => svc.GetLineCountsAsync(ct));
        reports.MapGet("/availability", (OrderReportService svc, CancellationToken ct) => svc.GetAvailabilityByCategoryAsync(ct));

        return reports;
    }
}
