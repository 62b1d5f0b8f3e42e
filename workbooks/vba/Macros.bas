Attribute VB_Name = "Macros"
' The buttons of the Control sheet. Each macro runs one function of toolkit.macros in
' Python through xlwings' RunPython (the xlwings module of this workbook, so no add-in is
' needed). The Python function reads this workbook, computes with the toolkit and writes
' result sheets back; it reports progress in the status bar and problems in a message box
' and on the Problems sheet. Python is found through the xlwings.conf sheet.
'
' Source of truth: workbooks/vba/Macros.bas in the toolkit's repository. The workbook is
' rebuilt from it with "toolkit build-workbook"; edits made in the VBA editor are lost then.
Option Explicit

Public Sub ValidateWorkbook()
    RunPython "import toolkit.macros; toolkit.macros.validate()"
End Sub

Public Sub ComputeScores()
    RunPython "import toolkit.macros; toolkit.macros.compute_scores()"
End Sub

Public Sub ComputePayouts()
    RunPython "import toolkit.macros; toolkit.macros.compute_payouts()"
End Sub

Public Sub GenerateDocuments()
    RunPython "import toolkit.macros; toolkit.macros.generate_documents()"
End Sub

Public Sub RunEverything()
    RunPython "import toolkit.macros; toolkit.macros.run_everything()"
End Sub

Public Sub ClearResults()
    RunPython "import toolkit.macros; toolkit.macros.clear_results()"
End Sub
