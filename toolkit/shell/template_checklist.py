"""The offboarding checklist's content (SPEC section 9), in English and Chinese."""

from __future__ import annotations

from docx.shared import Cm

from toolkit.shell import docx_build as B
from toolkit.shell.template_builder import Column, Page, info_table, loop_table, signatures

BOX = "☐"
DONE = ("Done", "完成")
STEPS = (
    (("Customers and open leads handed over to {{ handover.label }}",
      "客户与未转化线索移交给 {{ handover.label }}"), ("Manager", "上级"),
     ("{{ last_day }}", "{{ last_day }}")),
    (("System access removed: CRM, e-mail, VPN, shared drives",
      "注销系统权限：CRM、邮箱、VPN、共享盘"), ("IT", "IT 部门"),
     ("{{ last_day }}", "{{ last_day }}")),
    (("Customer data returned and no copies kept (signed declaration)",
      "客户资料已归还且未留存副本（签署声明）"), ("Employee", "员工"),
     ("{{ last_day }}", "{{ last_day }}")),
    (("Final salary, commission and bonus settled", "结清最后工资、提成与奖金"),
     ("Finance", "财务部"), ("next payroll", "下一个发薪日")),
    (("Exit interview held", "完成离职面谈"), ("HR", "人力资源部"),
     ("before {{ last_day }}", "{{ last_day }} 前")),
)


def checklist_body(page: Page) -> None:
    """Everything under the title block, section by section."""
    _handover(page)
    _money_and_assets(page)
    page.heading("6. Standard steps", "六、标准离职步骤")
    _steps(page)
    page.heading("7. Sign-off", "七、签字确认")
    signatures(page, [(("Employee", "员工"), "{{ employee.name }}"),
                      (("Manager", "上级"), "{{ manager.name }}"),
                      (("Handover recipient", "交接人"), "{{ handover.name }}"),
                      (("HR", "人力资源部"), ""), (("Finance", "财务部"), ""),
                      (("IT", "IT 部门"), "")])


def _handover(page: Page) -> None:
    info_table(page, [(("Employee", "员工"), "{{ employee.label }}"),
                      (("Department", "部门"), "{{ department }}"),
                      (("Manager", "上级"), "{{ manager.label }}"),
                      (("Approved by", "审批人"), "{{ approved_by.label }}"),
                      (("Requested", "申请日期"), "{{ request_date }}"),
                      (("Last day", "最后工作日"), "{{ last_day }}"),
                      (("Handover to", "交接人"), "{{ handover.label }}"),
                      (("Reason", "离职原因"), "{{ reason }}")])
    page.heading("1. Customers to hand over", "一、待移交客户")
    page.text("{{ customers_note }}", "Small")
    loop_table(page, [
        Column(("Customer", "客户"), "{{ row.name }}", 5.8,
               note="{{ row.id }} · {{ row.relation }}"),
        Column(("Last purchase", "最近购买"), "{{ row.last_purchase }}", 3.2),
        Column(("12-month sales", "近12个月销售额"), "{{ row.sales_12m }}", 3.2, "right"),
        Column(("Open receivables", "未收款"), "{{ row.open }}", 3.1, "right"),
        Column(DONE, BOX, 1.7, "center")], "row in customers")
    page.heading("2. Open leads", "二、未转化线索")
    page.text("{{ leads_note }}", "Small")
    loop_table(page, [
        Column(("Lead", "线索编号"), "{{ row.id }}", 3.0),
        Column(("Created", "创建日期"), "{{ row.created }}", 3.0),
        Column(("Source", "来源"), "{{ row.source }}", 9.3),
        Column(DONE, BOX, 1.7, "center")], "row in leads")


def _money_and_assets(page: Page) -> None:
    t = page.t
    page.heading("3. Open receivables", "三、未收回款")
    loop_table(page, [
        Column(("Contract", "合同"), "{{ row.contract }}", 2.0),
        Column(("Customer", "客户"), "{{ row.customer }}", 3.6),
        Column(("Signed", "签约日期"), "{{ row.date }}", 3.1),
        Column(("Amount", "合同金额"), "{{ row.amount }}", 3.0, "right"),
        Column(("Open", "未收款"), "{{ row.open }}", 3.0, "right"),
        Column(("Status", "状态"), "{{ row.status }}", 2.3)], "row in receivables")
    page.text(t("Total open: {{ receivables_total }}", "未收款合计：{{ receivables_total }}"),
              bold=True, align="right")
    page.heading("4. Commission settlement", "四、提成结算")
    loop_table(page, [Column(("Item", "项目"), "{{ row.item }}", 12.0),
                      Column(("Amount", "金额"), "{{ row.amount }}", 5.0, "right")],
               "row in settlement")
    page.text("{{ settlement_note }}", "Small")
    page.heading("5. Assets to return", "五、待归还资产")
    loop_table(page, [
        Column(("Asset", "资产编号"), "{{ row.id }}", 3.0),
        Column(("Item", "物品"), "{{ row.item }}", 8.3),
        Column(("Issued", "领用日期"), "{{ row.issued }}", 4.0),
        Column(DONE, BOX, 1.7, "center")], "row in assets")


def _steps(page: Page) -> None:
    grid = B.table(page.doc, (9.0, 3.0, 3.3, 1.7), rows=len(STEPS) + 1, borders="rows")
    headers = (("Step", "步骤"), ("Responsible", "负责人"), ("By", "完成时间"), DONE)
    for cell, header in zip(grid.rows[0].cells, headers, strict=True):
        B.cell_text(cell, page.t(*header), "Cell Head")
    B.header_row(grid.rows[0])
    for row, (step, owner, due) in zip(grid.rows[1:], STEPS, strict=True):
        row.height = Cm(0.7)
        cells = row.cells
        B.cell_text(cells[0], page.t(*step))
        B.cell_text(cells[1], page.t(*owner))
        B.cell_text(cells[2], page.t(*due))
        B.cell_text(cells[3], BOX, align="center")
